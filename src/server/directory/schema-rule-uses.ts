/**
 * slapd's matchingRuleUse with loaded attribute types added: slapd lists, for each matching rule,
 * every attribute type the rule can be applied to, and a type from a schema file joins the list
 * of each rule that serves its syntax (measured: a Directory String type joins caseIgnoreMatch's,
 * caseExactMatch's and their ordering rules' lists, at the end, by its first name; an Integer
 * type joins integerMatch's, integerBitAndMatch's…). The syntaxes a rule serves are read off the
 * types its published use lists already.
 */

/** A loaded type as the uses need it. */
export interface UsingType {
  /** Its first NAME, else its OID: how slapd lists it. */
  readonly name: string;
  readonly syntax: string | undefined;
  readonly equality: string | undefined;
}

interface ParsedUse {
  readonly head: string;
  readonly keys: ReadonlySet<string>;
  readonly applies: string[];
}

function parseUse(text: string): ParsedUse | undefined {
  const at = text.search(/\sAPPLIES\s/);
  if (at < 0) return undefined;
  const head = text.slice(0, at);
  const rest = text.slice(at).replace(/^\s*APPLIES\s+/, '');
  const list = rest.startsWith('(') ? rest.slice(1, rest.indexOf(')')) : (/^\S+/.exec(rest)?.[0] ?? '');
  const oid = /^\(\s*(\S+)/.exec(head)?.[1];
  const names = [...head.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
  const keys = new Set([...(oid ? [oid] : []), ...names].map((k) => k.toLowerCase()));
  const applies = list
    .split('$')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return { head, keys, applies };
}

const render = (use: ParsedUse) =>
  `${use.head} APPLIES ${use.applies.length === 1 ? use.applies[0] : `( ${use.applies.join(' $ ')} )`} )`;

/**
 * The uses with `added` appended where they belong. `syntaxOf` gives the syntax of a type the
 * uses already name (supertypes followed).
 */
export function extendRuleUses(
  uses: readonly string[],
  syntaxOf: (name: string) => string | undefined,
  added: readonly UsingType[],
): string[] {
  if (added.length === 0) return [...uses];
  return uses.map((text) => {
    const use = parseUse(text);
    if (!use) return text;
    const serves = new Set(use.applies.map(syntaxOf).filter((s): s is string => s !== undefined));
    const joining = added.filter(
      (type) =>
        (type.syntax !== undefined && serves.has(type.syntax)) ||
        (type.equality !== undefined && use.keys.has(type.equality.toLowerCase())),
    );
    return joining.length === 0
      ? text
      : render({ ...use, applies: [...use.applies, ...joining.map((type) => type.name)] });
  });
}
