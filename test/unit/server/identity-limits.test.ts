/**
 * The limits a search runs under, as slapd works them out. The effective-limit cases are the ones
 * measured against slapd 2.5 with test/fixtures/bootstrap/limits (bootstrap-limits-real.test.ts
 * holds the whole server to it); identity matching is checked rule kind by rule kind.
 */
import { describe, expect, it } from 'vitest';
import {
  effectiveLimit,
  type IdentityDirectory,
  IdentityLimits,
  pagedTotal,
} from '../../../src/server/layers/identity-limits.js';
import type { IdentityLimit, LimitPair, LimitSet } from '../../../src/server/profiles/limit-sets.js';

describe('effectiveLimit', () => {
  it.each<[string, LimitPair, number, number]>([
    ['soft 3, hard 4: none asked gets the soft', { soft: 3, hard: 4 }, 0, 3],
    ['soft 3, hard 4: below the soft is kept', { soft: 3, hard: 4 }, 2, 2],
    ['soft 3, hard 4: above the hard gets the hard', { soft: 3, hard: 4 }, 5, 4],
    ['hard as soft: above the soft gets the soft', { soft: 7, hard: 'soft' }, 8, 7],
    ['hard as soft: below it is kept', { soft: 7, hard: 'soft' }, 5, 5],
    ['hard unlimited: any asked is kept', { soft: 2, hard: 0 }, 8, 8],
    ['hard unlimited: none asked gets the soft', { soft: 2, hard: 0 }, 0, 2],
    ['soft unlimited, hard as soft: none asked is unlimited', { soft: 0, hard: 'soft' }, 0, 0],
    ['soft unlimited, hard as soft: the client limit stands', { soft: 0, hard: 'soft' }, 5, 5],
  ])('%s', (_name, pair, client, effective) => {
    expect(effectiveLimit(client, pair)).toBe(effective);
  });
});

describe('pagedTotal (size.prtotal left as the hard limit)', () => {
  it.each<[LimitPair, number, number]>([
    [{ soft: 3, hard: 4 }, 0, 4],
    [{ soft: 3, hard: 4 }, 2, 2],
    [{ soft: 3, hard: 4 }, 9, 4],
    [{ soft: 3, hard: 'soft' }, 0, 3],
    [{ soft: 3, hard: 0 }, 0, 0],
    [{ soft: 3, hard: 0 }, 9, 9],
  ])('%o, client %i: %i', (pair, client, total) => {
    expect(pagedTotal(client, pair)).toBe(total);
  });
});

describe('IdentityLimits', () => {
  const set = (soft: number): LimitSet => ({ size: { soft, hard: 'soft' }, time: { soft: 0, hard: 0 } });
  const directory: IdentityDirectory = {
    normalize: (dn) => (dn.includes('=') ? dn.replace(/\s/g, '').toLowerCase() : undefined),
    isMember: (group, objectClass, attribute, member) =>
      group === 'cn=g,dc=x' &&
      objectClass === 'groupOfNames' &&
      attribute === 'member' &&
      member === 'uid=m,dc=x',
  };
  const rule = (who: IdentityLimit['who'], soft: number): IdentityLimit => ({ who, limits: set(soft) });
  const limits = new IdentityLimits(
    set(500),
    [
      rule({ kind: 'anonymous' }, 1),
      rule({ kind: 'dn', style: 'base', dn: 'UID=Exact, DC=x' }, 2),
      rule({ kind: 'dn', style: 'one', dn: 'ou=one,dc=x' }, 3),
      rule({ kind: 'dn', style: 'children', dn: 'ou=kids,dc=x' }, 4),
      rule({ kind: 'dn', style: 'subtree', dn: 'ou=tree,dc=x' }, 5),
      rule({ kind: 'regex', pattern: '^uid=re[0-9]+,' }, 6),
      rule({ kind: 'group', dn: 'cn=g,dc=x', objectClass: 'groupOfNames', attribute: 'member' }, 7),
      rule({ kind: 'users' }, 8),
    ],
    directory,
  );

  it.each([
    ['', 1],
    ['uid=exact,dc=x', 2],
    ['uid=a,ou=one,dc=x', 3],
    ['uid=a,ou=b,ou=one,dc=x', 8],
    ['ou=one,dc=x', 8],
    ['ou=kids,dc=x', 8],
    ['uid=a,ou=b,ou=kids,dc=x', 4],
    ['ou=tree,dc=x', 5],
    ['uid=a,ou=tree,dc=x', 5],
    ['UID=RE42,dc=x', 6],
    ['uid=m,dc=x', 7],
    ['uid=other,dc=x', 8],
  ])('%j gets soft %i (the first rule that names it)', (bindDN, soft) => {
    expect(limits.of(bindDN).size.soft).toBe(soft);
  });

  it('without a matching rule the database limits apply; `*` matches the anonymous too', () => {
    const only = new IdentityLimits(set(500), [rule({ kind: 'users' }, 9)], directory);
    expect(only.of('').size.soft).toBe(500);
    const anyone = new IdentityLimits(set(500), [rule({ kind: 'anyone' }, 9)], directory);
    expect(anyone.of('').size.soft).toBe(9);
  });
});
