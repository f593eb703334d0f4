/** Filter templates checked when the configuration is written: they compile, name only known fields, render to a filter. */

import type { Filter } from '../../core/filter-ast.js';
import { parseFilter } from '../../core/filter-parse.js';
import { compileTemplate, type Template, TemplateError } from '../template.js';
import type { Problems } from './values.js';

export function attributeNames(filter: Filter, into: Set<string>): void {
  const work: Filter[] = [filter];
  while (work.length > 0) {
    const f = work.pop()!;
    if (f.type === 'and' || f.type === 'or') work.push(...f.filters);
    else if (f.type === 'not') work.push(f.filter);
    else if (f.attribute !== undefined) into.add(f.attribute.toLowerCase());
  }
}

/**
 * Compiles a filter template, checks it uses only `allowed` fields, and renders it with `sample`
 * data to check the result is a filter. Returns the template, or records the problem.
 */
export function checkFilterTemplate(
  key: 'userfilter' | 'groupfilter',
  text: string,
  allowed: readonly string[],
  sample: Readonly<Record<string, string>>,
  problems: Problems,
): { template: Template; filter: Filter } | undefined {
  let template: Template;
  try {
    template = compileTemplate(text);
  } catch (error) {
    if (error instanceof TemplateError) return problems.add(key, `invalid template: ${error.message}`);
    throw error;
  }
  const unknown = template.fields.filter((f) => !allowed.includes(f));
  if (unknown.length > 0) {
    return problems.add(
      key,
      `unknown template field ${unknown.map((f) => `.${f}`).join(', ')}; this filter can use ${allowed.map((f) => `{{.${f}}}`).join(' and ')}`,
    );
  }
  let rendered: string;
  try {
    rendered = template.render(sample, { escapeNonAscii: false });
  } catch (error) {
    if (error instanceof TemplateError) return problems.add(key, `invalid template: ${error.message}`);
    throw error;
  }
  try {
    return { template, filter: parseFilter(rendered) };
  } catch (error) {
    return problems.add(
      key,
      `does not render to a valid LDAP filter (${(error as Error).message}); with sample values it renders ${JSON.stringify(rendered)}`,
    );
  }
}
