/**
 * The images' `{{ NAME }}` templates in a bootstrap folder's files, filled from the environment as
 * their entrypoints fill them: line by line, a name nobody set being a problem named with file:line.
 */

/** Within a line, as the entrypoints' line-by-line substitution finds them. */
const TEMPLATE = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\}\}/g;

/** The text with its templates filled from `env`; a name `env` lacks stays as written, and is a problem. */
export function fillTemplates(
  text: string,
  env: Readonly<Record<string, string>>,
  path: string,
  problems: string[],
): string {
  if (!text.includes('{{')) return text;
  return text.replace(TEMPLATE, (whole, name: string, offset: number) => {
    const value = env[name];
    if (value !== undefined) return value;
    const line = text.slice(0, offset).split('\n').length;
    problems.push(`${path}:${line}: ${whole} is not set (--env ${name}=VALUE, or the environment)`);
    return whole;
  });
}

/** The names the text's templates ask for. */
export function templateNames(text: string): string[] {
  return text.includes('{{') ? [...text.matchAll(TEMPLATE)].map((match) => match[1]!) : [];
}
