/** The attribute lines of an LDIF content or add record, grouped by type case-insensitively. */
import { BoundedMemo } from './bounded-memo.js';
import { isLdifAttributeDescription, type LdifAttribute } from './ldif.js';
import { excerpt, type LdifLines } from './ldif-lines.js';
import type { LdifValues } from './ldif-values.js';

/**
 * Attribute types as written, each once: the records of a large file share a few dozen strings,
 * whose hashes every Map of the directory then computes once rather than once a record.
 */
const attributeTypes = new BoundedMemo<{ type: string; lower: string; valid: boolean }>(4096);
const describeType = (type: string) => ({
  type,
  lower: type.toLowerCase(),
  valid: isLdifAttributeDescription(type),
});

/** Attribute types a record may have before grouping switches from a linear search to a Map. */
const MAX_LINEAR_GROUPS = 16;

/**
 * Reads lines `from` to the end of the block; `ownerIndex` (the `dn:` or `changetype:` line) is
 * blamed when there are none, and `recordKind` names the record in that message.
 */
export function readAttributes(
  lines: LdifLines,
  values: LdifValues,
  from: number,
  ownerIndex: number,
  recordKind: string,
): LdifAttribute[] {
  if (from >= lines.count) throw lines.fail(ownerIndex, `${recordKind} record needs at least one attribute`);
  // Entries have few attribute types, and lines of one type usually follow each other: compare
  // with the previous group, then the others, in place (no slicing or lower-casing per line);
  // a Map takes over only for records with many types, to stay linear.
  const groups: LdifAttribute[] = [];
  let byLowerType: Map<string, LdifAttribute> | undefined;
  let last: LdifAttribute | undefined;
  for (let i = from; i < lines.count; i++) {
    try {
      const text = lines.texts[i]!;
      const colon = text.indexOf(':');
      if (colon < 0) throw lines.fail(i, `line has no ':' separator: ${excerpt(text)}`);
      let group = last !== undefined && hasType(text, colon, last.type) ? last : undefined;
      if (group === undefined) {
        if (byLowerType !== undefined) {
          group = byLowerType.get(text.slice(0, colon).toLowerCase());
        } else {
          for (const candidate of groups) {
            if (hasType(text, colon, candidate.type)) {
              group = candidate;
              break;
            }
          }
        }
      }
      if (group !== undefined) {
        group.values.push(values.readValue(i, colon, group.type));
      } else {
        const { type, lower, valid } = attributeTypes.get(text.slice(0, colon), describeType);
        if (!valid) throw lines.fail(i, `invalid attribute type ${excerpt(type)}`);
        if (lower === 'dn' || lower === 'changetype' || lower === 'control') {
          throw lines.fail(i, misplacedKeyword(lower));
        }
        group = { type, values: [values.readValue(i, colon, type)] };
        groups.push(group);
        if (byLowerType !== undefined) {
          byLowerType.set(lower, group);
        } else if (groups.length > MAX_LINEAR_GROUPS) {
          byLowerType = new Map(groups.map((g) => [g.type.toLowerCase(), g]));
        }
      }
      last = group;
    } catch (error) {
      lines.collect(error);
    }
  }
  return groups;
}

/** Whether the line's type (the text before `colon`) is `type` in any letter case. */
function hasType(text: string, colon: number, type: string): boolean {
  if (colon !== type.length) return false;
  for (let i = 0; i < colon; i++) {
    const a = text.charCodeAt(i);
    const b = type.charCodeAt(i);
    if (a !== b) {
      // `type` is a valid attribute description (ASCII); only letters may differ, by case.
      const lower = b | 0x20;
      if (lower < 0x61 || lower > 0x7a || (a | 0x20) !== lower) return false;
    }
  }
  return true;
}

function misplacedKeyword(lower: 'dn' | 'changetype' | 'control'): string {
  switch (lower) {
    case 'dn':
      return "'dn:' inside a record (records must be separated by a blank line)";
    case 'changetype':
      return "'changetype:' must come right after 'dn:' and any 'control:' lines";
    case 'control':
      return "'control:' lines must come between 'dn:' and 'changetype:'";
  }
}
