/**
 * LDAP_MATCHING_RULE_IN_CHAIN 1.2.840.113556.1.4.1941 (MS-ADTS 3.1.1.3.4.4.3) on a small group
 * graph: `(member:…:=X)` finds every group X is in at any depth, `(memberOf:…:=G)` every member of
 * G at any depth; cycles terminate; a non-link attribute makes the item Undefined.
 */
import { performance } from 'node:perf_hooks';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/core/filter-parse.js';
import { Directory } from '../../../src/server/directory/directory.js';
import {
  compileFilter,
  type FilterEnvironment,
  type Truth,
} from '../../../src/server/directory/evaluate-filter.js';
import { Schema } from '../../../src/server/directory/schema.js';
import { adSchema } from '../../../src/server/directory/schema-ad.js';
import { containingGroups, inChainRule } from '../../../src/server/matching/in-chain-rule.js';

const IN_CHAIN = '1.2.840.113556.1.4.1941';
const BASE = 'DC=corp,DC=example,DC=com';
const dn = (cn: string) => `CN=${cn},${BASE}`;

let directory: Directory;

function env(): FilterEnvironment {
  return {
    schema: directory.schema,
    directory,
    values: (entry, _type, description) => entry.get(directory.attributeKey(description))?.values,
    extensibleRule: (oid) =>
      oid === IN_CHAIN ? inChainRule({ link: 'member', backLink: 'memberOf' }) : undefined,
  };
}

function add(cn: string, objectClass: string, links: Record<string, string[]> = {}): void {
  directory.add(dn(cn), [
    { type: 'objectClass', values: ['top', objectClass] },
    ...Object.entries(links).map(([type, targets]) => ({ type, values: targets.map(dn) })),
  ]);
}

/** The CNs of the entries a filter is TRUE for. */
function matching(filter: string): string[] {
  const test = compileFilter(parseFilter(filter), env());
  return [...directory.scope(directory.normalize(BASE), 'sub')]
    .filter((entry) => test(entry) === true)
    .map((entry) => entry.first('cn') ?? entry.dn)
    .sort();
}

function truth(filter: string, cn: string): Truth {
  return compileFilter(parseFilter(filter), env())(directory.get(dn(cn))!);
}

/**
 * Groups g3 ∋ g2 ∋ {g1, u2} and g1 ∋ u1; u3 is in no group; c1 ∋ c2 ∋ c1 is a cycle.
 * Management chain (manager): u3 → u2 → u1.
 */
beforeEach(() => {
  directory = new Directory(new Schema(adSchema));
  directory.add(BASE, [{ type: 'objectClass', values: ['top', 'domainDNS'] }], { allowRoot: true });
  add('u1', 'user');
  add('u2', 'user', { manager: ['u1'] });
  add('u3', 'user', { manager: ['u2'] });
  add('g1', 'group', { member: ['u1'] });
  add('g2', 'group', { member: ['g1', 'u2'] });
  add('g3', 'group', { member: ['g2'] });
  add('c1', 'group', { member: ['c2'] });
  add('c2', 'group', { member: ['c1'] });
});

describe('(member:1.2.840.113556.1.4.1941:=X): the groups X is in', () => {
  it('at any depth, from a user or from a group', () => {
    expect(matching(`(member:${IN_CHAIN}:=${dn('u1')})`)).toEqual(['g1', 'g2', 'g3']);
    expect(matching(`(member:${IN_CHAIN}:=${dn('u2')})`)).toEqual(['g2', 'g3']);
    expect(matching(`(member:${IN_CHAIN}:=${dn('g1')})`)).toEqual(['g2', 'g3']);
    expect(matching(`(member:${IN_CHAIN}:=${dn('g3')})`)).toEqual([]);
  });

  it('plain equality on member stays direct', () => {
    expect(matching(`(member=${dn('u1')})`)).toEqual(['g1']);
  });

  it('the value is a DN in any case, spacing or escaping', () => {
    expect(matching(`(member:${IN_CHAIN}:=cn=U1, dc=CORP,dc=example,dc=com)`)).toEqual(['g1', 'g2', 'g3']);
    expect(matching(`(MEMBER:${IN_CHAIN}:=CN=\\75\\31,${BASE})`)).toEqual(['g1', 'g2', 'g3']);
  });

  it('combines with other items', () => {
    expect(matching(`(&(cn=g*)(!(cn=g1))(member:${IN_CHAIN}:=${dn('u1')}))`)).toEqual(['g2', 'g3']);
  });

  it('in a cycle it terminates and finds the other group', () => {
    expect(matching(`(member:${IN_CHAIN}:=${dn('c1')})`)).toContain('c2');
    expect(matching(`(member:${IN_CHAIN}:=${dn('c2')})`)).toContain('c1');
  });
});

describe('(memberOf:1.2.840.113556.1.4.1941:=G): the members of G', () => {
  it('at any depth', () => {
    expect(matching(`(memberOf:${IN_CHAIN}:=${dn('g3')})`)).toEqual(['g1', 'g2', 'u1', 'u2']);
    expect(matching(`(memberOf:${IN_CHAIN}:=${dn('g1')})`)).toEqual(['u1']);
  });

  it('of a user (no members) nothing', () => {
    expect(matching(`(memberOf:${IN_CHAIN}:=${dn('u1')})`)).toEqual([]);
  });

  it('in a cycle it terminates', () => {
    expect(matching(`(memberOf:${IN_CHAIN}:=${dn('c1')})`)).toContain('c2');
  });

  it('a member DN naming no entry is skipped', () => {
    directory.modify(dn('g1'), [{ operation: 'add', type: 'member', values: [dn('ghost')] }]);
    expect(matching(`(memberOf:${IN_CHAIN}:=${dn('g3')})`)).toEqual(['g1', 'g2', 'u1', 'u2']);
  });
});

describe('truth values', () => {
  it('a value naming no entry is FALSE for every entry, so its negation is TRUE', () => {
    expect(truth(`(member:${IN_CHAIN}:=${dn('nobody')})`, 'g1')).toBe(false);
    expect(truth(`(!(member:${IN_CHAIN}:=${dn('nobody')}))`, 'g1')).toBe(true);
    expect(truth(`(member:${IN_CHAIN}:=not a dn)`, 'g1')).toBe(false);
  });

  it('an attribute that is no link makes the item Undefined, and its negation too', () => {
    expect(truth(`(cn:${IN_CHAIN}:=${dn('u1')})`, 'g1')).toBeUndefined();
    expect(truth(`(!(cn:${IN_CHAIN}:=${dn('u1')}))`, 'g1')).toBeUndefined();
    expect(matching(`(!(cn:${IN_CHAIN}:=${dn('u1')}))`)).toEqual([]);
  });

  it('without an attribute the item is Undefined', () => {
    expect(truth(`(:${IN_CHAIN}:=${dn('u1')})`, 'g1')).toBeUndefined();
  });
});

describe('containingGroups', () => {
  it('the normalised DNs of every group containing the entry at any depth', () => {
    const found = containingGroups(directory, directory.get(dn('u1'))!, 'member');
    expect([...found].sort()).toEqual(['g1', 'g2', 'g3'].map((cn) => directory.normalize(dn(cn))).sort());
  });

  it('terminates on a cycle', () => {
    const found = containingGroups(directory, directory.get(dn('c1'))!, 'member');
    expect(found.has(directory.normalize(dn('c2')))).toBe(true);
  });

  it('walks a nesting 3000 groups deep once per filter, not once per entry', () => {
    let previous = 'u1';
    for (let i = 0; i < 3000; i++) {
      add(`n${i}`, 'group', { member: [previous] });
      previous = `n${i}`;
    }
    const started = performance.now();
    expect(matching(`(member:${IN_CHAIN}:=${dn('u1')})`)).toHaveLength(3003);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('the in-chain rule works on every link attribute, not only member/memberOf', () => {
  // MS-ADTS 3.1.1.3.4.4.3 defines the rule for any link attribute A (Undefined only for a
  // non-link one); the classic example is the management chain,
  // (manager:1.2.840.113556.1.4.1941:=CN=boss,…) for everybody reporting to boss at any depth.
  // Regression: the rule used to answer Undefined for every attribute but member and memberOf.
  it('(manager:1941:=u1) finds u2 (direct report) and u3 (through u2)', () => {
    expect(matching(`(manager:${IN_CHAIN}:=${dn('u1')})`)).toEqual(['u2', 'u3']);
  });
});

describe('the rule names its candidates: exactly the entries its filter is TRUE for', () => {
  // A search takes these as its candidates instead of testing every entry in scope; a set that
  // differed from the filter's answer would lose or invent entries.
  const rule = inChainRule({ link: 'member', backLink: 'memberOf' });
  const candidates = (filter: string) => {
    const parsed = parseFilter(filter);
    if (parsed.type !== 'extensible') throw new Error('not an extensible filter');
    const found = rule.candidates?.(parsed, directory);
    return found && [...found].map((ndn) => directory.getByNdn(ndn)?.first('cn')).sort();
  };
  it.each([
    `(member:${IN_CHAIN}:=${dn('u1')})`,
    `(memberOf:${IN_CHAIN}:=${dn('g3')})`,
    `(member:${IN_CHAIN}:=${dn('c1')})`,
    `(manager:${IN_CHAIN}:=${dn('u1')})`,
    `(member:${IN_CHAIN}:=${dn('nobody')})`,
  ])('%s', (filter) => {
    expect(candidates(filter)).toEqual(matching(filter));
  });
  it('none for a non-link attribute, whose item is Undefined', () => {
    expect(candidates(`(cn:${IN_CHAIN}:=x)`)).toBeUndefined();
  });
});
