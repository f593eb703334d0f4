/**
 * cn=config's ordered values (X-ORDERED 'VALUES': olcAccess, olcAuthzRegexp…) under a modify, as
 * slapd applies them (measured against slapd 2.5): `{N}` says where a value goes, and is not part
 * of it. replace takes the values in `{N}` order, unnumbered ones after; add puts a `{N}` value at
 * N (at the end when N is past it) and an unnumbered one at the end; delete takes away value N
 * (`{N}` alone), or the value equal to the one given, or all of them when none is given.
 */

const PREFIX = /^\s*\{(\d+)\}/;

/** The value without its `{N}`, and N if it had one. */
export function orderedValue(value: string): { readonly index?: number; readonly text: string } {
  const prefix = PREFIX.exec(value);
  return prefix ? { index: Number(prefix[1]), text: value.slice(prefix[0].length) } : { text: value };
}

export function replaceOrdered<T>(values: readonly string[], make: (text: string) => T): T[] {
  return values
    .map((value, position) => ({ ...orderedValue(value), position }))
    .sort(
      (a, b) =>
        (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER) ||
        a.position - b.position,
    )
    .map((v) => make(v.text));
}

export function addOrdered<T>(list: T[], values: readonly string[], make: (text: string) => T): void {
  for (const value of values) {
    const { index, text } = orderedValue(value);
    list.splice(index === undefined ? list.length : Math.min(index, list.length), 0, make(text));
  }
}

/** False when a value to delete is not there (slapd's 16, "no such value"). */
export function deleteOrdered<T>(list: T[], values: readonly string[], textOf: (item: T) => string): boolean {
  if (values.length === 0) {
    list.length = 0;
    return true;
  }
  for (const value of values) {
    const { index, text } = orderedValue(value);
    const at =
      text.trim() === '' && index !== undefined
        ? index < list.length
          ? index
          : -1
        : list.findIndex((item) => sameText(textOf(item), text));
    if (at < 0) return false;
    list.splice(at, 1);
  }
  return true;
}

/** olcAccess compares as caseIgnoreMatch does: case and repeated spaces do not count. */
function sameText(a: string, b: string): boolean {
  const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return fold(a) === fold(b);
}
