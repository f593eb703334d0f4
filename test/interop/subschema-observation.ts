/**
 * The subschema entry as a probe observation that stays readable when it differs. Each kind
 * (attributeTypes, objectClasses…) is recorded as its count, two digests — of the values in the
 * order sent, and of the same values sorted — and every definition keyed by its NAME (its OID when
 * it has none) as the list of its space-separated tokens. Two servers that agree produce equal
 * observations; when they do not, the diff names the kind, then the definition, then the tokens
 * only one side sent (`definitions.user: … only in samba ["msDS-Foo"]`), instead of two
 * 1,500-value lists. An `order` digest that differs while `content` matches means only the order
 * differs.
 */
import { createHash } from 'node:crypto';
import type { Observed } from './normalise.js';
import type { ProbeContext } from './probe.js';

const digest = (values: readonly string[]) =>
  createHash('sha256').update(values.join('\n')).digest('hex').slice(0, 16);

/** `( 1.2.3 NAME 'x' …` → x; `( 1.2.3 NAME ( 'x' 'y' ) …` → x; `( 1.2.3 DESC …` → 1.2.3. */
function definitionKey(text: string): string {
  return /\bNAME \(? ?'([^']+)'/.exec(text)?.[1] ?? /^\( (\S+)/.exec(text)?.[1] ?? text;
}

export function observeDefinitions(
  values: readonly string[],
  ordered: boolean,
): { readonly [key: string]: Observed } {
  const definitions: { [key: string]: Observed } = {};
  for (const text of values) {
    let key = definitionKey(text);
    while (Object.hasOwn(definitions, key)) key = `${key} (again)`;
    definitions[key] = text.split(' ');
  }
  return {
    count: values.length,
    ...(ordered ? { order: digest(values) } : {}),
    content: digest([...values].sort()),
    definitions,
  };
}

/**
 * Reads the entry the rootDSE's subschemaSubentry names, as the administrator (Samba refuses
 * anonymous reads below the rootDSE), asking for `kinds` by name (AD returns them only then),
 * and records the entry's DN and result, the count of each kind, then one observation per kind.
 */
export async function observeSubschema(
  context: ProbeContext,
  kinds: readonly string[],
  options: { readonly ordered: boolean },
): Promise<void> {
  const session = await context.admin();
  const dse = await session.search('rootDSE', {
    base: '',
    scope: 'base',
    attributes: ['subschemaSubentry'],
  });
  const named = dse?.entries[0]?.attributes.find((a) => a.type.toLowerCase() === 'subschemasubentry');
  const dn = named?.values[0]?.toString('utf8');
  context.observe('subschemaSubentry of the rootDSE', dn ?? null);
  if (dn === undefined) return;
  const outcome = await session.search('subschema', { base: dn, scope: 'base', attributes: [...kinds] });
  const entry = outcome?.entries[0];
  context.observe('read the subschema entry', {
    result: outcome?.result.resultCode ?? null,
    entries: outcome?.entries.length ?? 0,
  });
  const read = kinds.map((kind) => {
    const attribute = entry?.attributes.find((a) => a.type.toLowerCase() === kind.toLowerCase());
    return {
      kind,
      type: attribute?.type ?? null,
      values: attribute?.values.map((v) => v.toString('utf8')) ?? [],
    };
  });
  // First the count of every kind, so a report cut at a dozen lines still shows them all.
  context.observe('counts', Object.fromEntries(read.map(({ kind, values }) => [kind, values.length])));
  for (const { kind, type, values } of read) {
    context.observe(kind, { type, ...observeDefinitions(values, options.ordered) });
  }
}
