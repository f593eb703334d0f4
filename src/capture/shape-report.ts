/**
 * What a capture kept of the directory's shape, for the user to check it is the directory they
 * know: counts, object classes, group nesting (depth, cycles), the largest groups, names that
 * need escaping, attributes the emulated server's schema does not define, what was left out.
 */
import { normalizeDN } from '../core/dn-normalize.js';
import { parseDN } from '../core/dn-parse.js';
import type { LdifRecord } from '../core/ldif.js';
import type { Schema } from '../server/directory/schema.js';

export interface CaptureReport {
  readonly entries: number;
  readonly objectClasses: readonly (readonly [string, number])[];
  readonly groups: number;
  readonly nestedGroups: number;
  readonly maxNestingDepth: number;
  readonly cycles: number;
  readonly largestGroups: readonly { readonly dn: string; readonly members: number }[];
  readonly multiValuedRdns: number;
  readonly escapedDNs: number;
  readonly nonAsciiDNs: number;
  readonly customAttributes: readonly string[];
  readonly dropped: readonly (readonly [string, number])[];
}

const MEMBER_ATTRIBUTES = new Set(['member', 'uniquemember']);

export function shapeReport(
  records: readonly (LdifRecord & { kind: 'content' })[],
  schema: Schema,
  dropped: ReadonlyMap<string, number>,
): CaptureReport {
  const classes = new Map<string, number>();
  const custom = new Set<string>();
  const members = new Map<string, string[]>();
  let multiValuedRdns = 0;
  let escapedDNs = 0;
  let nonAsciiDNs = 0;
  for (const record of records) {
    const first = safeParse(record.dn)[0];
    if (first && first.length > 1) multiValuedRdns++;
    if (/\\/.test(record.dn)) escapedDNs++;
    if (/[^\x00-\x7f]/.test(record.dn)) nonAsciiDNs++;
    for (const attribute of record.attributes) {
      const name = attribute.type.split(';')[0]!;
      if (!schema.attributeType(name).known) custom.add(name);
      if (name.toLowerCase() === 'objectclass') {
        for (const value of attribute.values)
          classes.set(String(value), (classes.get(String(value)) ?? 0) + 1);
      }
      if (MEMBER_ATTRIBUTES.has(name.toLowerCase())) {
        const list = members.get(key(record.dn)) ?? [];
        list.push(...attribute.values.map((v) => key(String(v))));
        members.set(key(record.dn), list);
      }
    }
  }
  const { depth, cycles, nested } = nesting(members);
  const dnOf = new Map(records.map((r) => [key(r.dn), r.dn]));
  return {
    entries: records.length,
    objectClasses: [...classes].sort((a, b) => b[1] - a[1]),
    groups: members.size,
    nestedGroups: nested,
    maxNestingDepth: depth,
    cycles,
    largestGroups: [...members]
      .map(([dn, list]) => ({ dn: dnOf.get(dn) ?? dn, members: list.length }))
      .sort((a, b) => b.members - a.members)
      .slice(0, 5),
    multiValuedRdns,
    escapedDNs,
    nonAsciiDNs,
    customAttributes: [...custom].sort(),
    dropped: [...dropped].sort((a, b) => b[1] - a[1]),
  };
}

/** The report as lines for a terminal. */
export function formatReport(report: CaptureReport): string {
  const lines = [
    `entries: ${report.entries}`,
    `object classes: ${report.objectClasses
      .slice(0, 12)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}`,
    `groups with members: ${report.groups}, nested in another group: ${report.nestedGroups}, deepest nesting: ${report.maxNestingDepth}, cycles: ${report.cycles}`,
    `largest groups: ${report.largestGroups.map((g) => `${g.dn} (${g.members})`).join('; ') || 'none'}`,
    `names: ${report.multiValuedRdns} multi-valued RDNs, ${report.escapedDNs} DNs with escaped characters, ${report.nonAsciiDNs} with non-ASCII`,
    `custom attributes (not in the profile's schema): ${report.customAttributes.join(', ') || 'none'}`,
    `left out: ${
      report.dropped
        .slice(0, 12)
        .map(([a, n]) => `${a} ×${n}`)
        .join(', ') || 'nothing'
    }`,
  ];
  return `${lines.join('\n')}\n`;
}

function safeParse(dn: string) {
  try {
    return parseDN(dn);
  } catch {
    return [];
  }
}

function key(dn: string): string {
  try {
    return normalizeDN(dn);
  } catch {
    return dn.toLowerCase();
  }
}

/** Longest chain of groups inside groups, back edges (cycles), and how many groups are members of a group. */
function nesting(members: ReadonlyMap<string, readonly string[]>): {
  depth: number;
  cycles: number;
  nested: number;
} {
  const nestedGroups = new Set<string>();
  for (const list of members.values()) for (const m of list) if (members.has(m)) nestedGroups.add(m);
  const state = new Map<string, 'open' | 'done'>();
  const longest = new Map<string, number>();
  let cycles = 0;
  const visit = (group: string): number => {
    const seen = state.get(group);
    if (seen === 'done') return longest.get(group)!;
    if (seen === 'open') {
      cycles++;
      return 0;
    }
    state.set(group, 'open');
    let best = 0;
    for (const member of members.get(group) ?? [])
      if (members.has(member)) best = Math.max(best, 1 + visit(member));
    state.set(group, 'done');
    longest.set(group, best);
    return best;
  };
  let depth = 0;
  for (const group of members.keys()) depth = Math.max(depth, visit(group));
  return { depth, cycles, nested: nestedGroups.size };
}
