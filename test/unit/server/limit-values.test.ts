/**
 * olcSizeLimit/olcTimeLimit and olcLimits values read as slapd's limits.c reads them: each value
 * changes the limits in force, a rule starts from the database's, a rule's hard limit below its
 * soft one is raised to it, and the forms not emulated are named as such rather than refused.
 */
import { describe, expect, it } from 'vitest';
import {
  defaultLimitsOf,
  identityLimitOf,
  SLAPD_DEFAULT_LIMITS,
} from '../../../src/server/bootstrap/limit-values.js';

const defaults = SLAPD_DEFAULT_LIMITS;

describe('olcSizeLimit and olcTimeLimit', () => {
  it.each([
    ['1000', { soft: 1000, hard: 'soft' }],
    ['unlimited', { soft: 0, hard: 'soft' }],
    ['size.soft=3 size.hard=4', { soft: 3, hard: 4 }],
    ['size.hard=unlimited', { soft: 500, hard: 0 }],
    ['size=20', { soft: 20, hard: 'soft' }],
    ['size.hard=soft', { soft: 500, hard: 'soft' }],
  ])('size %s', (value, size) => {
    expect(defaultLimitsOf('size', value, defaults)).toEqual({ size, time: defaults.time });
  });

  it('a time value sets the time limits and keeps the size ones', () => {
    const sized = defaultLimitsOf('size', '10', defaults);
    if ('problem' in sized) throw new Error(sized.problem);
    expect(defaultLimitsOf('time', 'time.soft=30 time.hard=60', sized)).toEqual({
      size: { soft: 10, hard: 'soft' },
      time: { soft: 30, hard: 60 },
    });
  });

  it.each([
    ['size', 'lots', 'lots: expected a number, unlimited or size[.soft|.hard]=N'],
    ['size', 'time=5', 'time=5: not a size limit'],
    ['time', 'time.soft=soon', 'time.soft=soon: expected a number, unlimited'],
  ] as const)('%s %s is a problem naming the word', (kind, value, problem) => {
    expect(defaultLimitsOf(kind, value, defaults)).toEqual({ problem });
  });
});

describe('olcLimits', () => {
  const base = { size: { soft: 3, hard: 4 }, time: { soft: 30, hard: 60 } } as const;

  it.each([
    ['*', { kind: 'anyone' }],
    ['anonymous', { kind: 'anonymous' }],
    ['users', { kind: 'users' }],
    ['dn.anonymous=x', { kind: 'anonymous' }],
    ['dn.exact="uid=a,dc=x"', { kind: 'dn', style: 'base', dn: 'uid=a,dc=x' }],
    ['dn.exact="cn=Ann Lee,dc=x"', { kind: 'dn', style: 'base', dn: 'cn=Ann Lee,dc=x' }],
    ['dn="uid=a,dc=x"', { kind: 'dn', style: 'base', dn: 'uid=a,dc=x' }],
    ['uid=a,dc=x', { kind: 'dn', style: 'base', dn: 'uid=a,dc=x' }],
    ['dn.self.onelevel=ou=p,dc=x', { kind: 'dn', style: 'one', dn: 'ou=p,dc=x' }],
    ['dn.sub="ou=p,dc=x"', { kind: 'dn', style: 'subtree', dn: 'ou=p,dc=x' }],
    ['dn.children=ou=p,dc=x', { kind: 'dn', style: 'children', dn: 'ou=p,dc=x' }],
    ['dn.regex="^uid=p8,.*$"', { kind: 'regex', pattern: '^uid=p8,.*$' }],
    ['dn.regex=.*', { kind: 'anyone' }],
    ['dn.subtree=*', { kind: 'anyone' }],
    [
      'group="cn=g,dc=x"',
      { kind: 'group', dn: 'cn=g,dc=x', objectClass: 'groupOfNames', attribute: 'member' },
    ],
    [
      'group/groupOfUniqueNames/uniqueMember="cn=g,dc=x"',
      { kind: 'group', dn: 'cn=g,dc=x', objectClass: 'groupOfUniqueNames', attribute: 'uniqueMember' },
    ],
  ])('who: %s', (who, subject) => {
    expect(identityLimitOf(`${who} size=1`, base)).toEqual({
      who: subject,
      limits: { size: { soft: 1, hard: 'soft' }, time: base.time },
    });
  });

  it('a rule starts from the limits in force and changes only what it names', () => {
    expect(identityLimitOf('users size.soft=10', base)).toMatchObject({
      limits: { size: { soft: 10, hard: 10 }, time: base.time },
    });
    expect(identityLimitOf('users size.hard=unlimited time=unlimited', base)).toMatchObject({
      limits: { size: { soft: 3, hard: 0 }, time: { soft: 0, hard: 'soft' } },
    });
    expect(identityLimitOf('users size.soft=unlimited', base)).toMatchObject({
      limits: { size: { soft: 0, hard: 0 } },
    });
  });

  it('forms slapd takes but the mock does not apply are named as not emulated', () => {
    expect(identityLimitOf('dn.this.exact=dc=x size=1', base)).toEqual({
      problem: 'dn.this.exact=dc=x: dn.this (the search base) is not emulated',
      notEmulated: true,
    });
    expect(identityLimitOf('users size.prtotal=unlimited', base)).toEqual({
      problem: 'size.prtotal=unlimited: size.prtotal is not emulated',
      notEmulated: true,
    });
  });

  it.each([
    ['users', 'expected WHO and at least one limit'],
    ['dn.near=x size=1', 'dn.near=x: expected dn[.STYLE]=DN'],
    ['dn.exact size=1', "dn.exact: missing '='"],
    ['dn.regex=( size=1', 'dn.regex=(:'],
    ['group/x size=1', 'group/x: expected group[/CLASS[/ATTRIBUTE]]=DN'],
    ['users size=many', 'size=many: expected a number, unlimited'],
    ['dn.exact="cn=x size=1', 'unbalanced double quote'],
  ])('%s is refused, as slapd refuses it', (text, problem) => {
    const rule = identityLimitOf(text, base);
    expect(rule).toHaveProperty('problem');
    expect((rule as { problem: string }).problem.startsWith(problem)).toBe(true);
    expect(rule).not.toHaveProperty('notEmulated');
  });
});
