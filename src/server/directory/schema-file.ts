/** Reads the schema data files of fixtures/schema/: one RFC 4512 description a line, prefixed by its kind. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The definitions of a schema data file by kind, each kind in file order (which is publishing
 * order: the subschema entry lists them as the file does, and tests compare it with real servers).
 *
 * The format: `<kind>: <definition>` a line, the kind being the subschema attribute that
 * publishes the definition (`attributeTypes`, `objectClasses`, `ldapSyntaxes`, `matchingRules`,
 * `matchingRuleUse`) or another kind the reader asks for (`hiddenAttributeTypes`,
 * `defaultObjectCategory`); lines starting with `#` and blank lines are comments. A line of any
 * other kind is an error, so that a typo cannot drop a definition silently.
 */
export function readSchemaFile<Kind extends string>(
  file: URL,
  kinds: readonly Kind[],
): Readonly<Record<Kind, readonly string[]>> {
  const definitions = new Map<string, string[]>(kinds.map((kind) => [kind, []]));
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const colon = line.indexOf(': ');
    const list = colon < 0 ? undefined : definitions.get(line.slice(0, colon));
    if (!list) {
      throw new Error(
        `${fileURLToPath(file)}:${index + 1}: expected '<kind>: <definition>' with kind one of ${kinds.join(', ')}`,
      );
    }
    list.push(line.slice(colon + 2));
  });
  return Object.fromEntries([...definitions].map(([kind, list]) => [kind, Object.freeze(list)])) as Record<
    Kind,
    readonly string[]
  >;
}
