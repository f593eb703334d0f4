// What slapd's rules grant, as slapacl answered for slapd 2.5 with the same rules: first matching
// <what>, first matching <who>; the implicit `by * none` after the last by; continue and break;
// privilege sets from nothing; regex submatches in <who>; the frontend's rules after the
// database's; slapd's default read when there are no rules at all.
import { describe, expect, it } from 'vitest';
import type { Filter } from '../../../src/core/filter-ast.js';
import {
  type AccessEnvironment,
  AccessPolicy,
  type AccessRequest,
} from '../../../src/server/access/access-decision.js';
import { type AccessRule, LEVELS, Privilege } from '../../../src/server/access/access-rule.js';
import { accessRule } from '../../../src/server/access/parse-access.js';

interface FakeEntry {
  readonly ndn: string;
  readonly attributes: Record<string, string[]>;
}

const B = 'dc=example,dc=org';
const ALICE = `uid=alice,ou=people,${B}`;
const BOB = `uid=bob,ou=people,${B}`;
const entries: FakeEntry[] = [
  { ndn: B, attributes: { objectclass: ['organization'] } },
  { ndn: `ou=people,${B}`, attributes: { objectclass: ['organizationalUnit'] } },
  { ndn: ALICE, attributes: { objectclass: ['inetOrgPerson'], seealso: [BOB] } },
  { ndn: BOB, attributes: { objectclass: ['inetOrgPerson'] } },
  { ndn: `cn=editors,ou=groups,${B}`, attributes: { objectclass: ['groupOfNames'], member: [ALICE] } },
  { ndn: `cn=plain,ou=groups,${B}`, attributes: { objectclass: ['organizationalRole'], member: [ALICE] } },
];
const entry = (ndn: string) => entries.find((e) => e.ndn === ndn)!;

/** A small directory: DNs normalised by case and spaces, `name` the supertype of cn and sn. */
const env: AccessEnvironment<FakeEntry> = {
  normalize: (dn) => dn.toLowerCase().replace(/\s*,\s*/g, ','),
  covers: (name, attribute) =>
    name.toLowerCase() === attribute || (name.toLowerCase() === 'name' && ['cn', 'sn'].includes(attribute)),
  classAllows: (cls, attribute) =>
    cls.toLowerCase() === 'person' && ['cn', 'sn', 'userpassword'].includes(attribute),
  matches: (e, filter: Filter) =>
    filter.type === 'equality' &&
    (e.attributes[filter.attribute.toLowerCase()] ?? []).some(
      (v) => v.toLowerCase() === filter.value.toString().toLowerCase(),
    ),
  dnValues: (e, attribute) => (e.attributes[attribute.toLowerCase()] ?? []).map((v) => v.toLowerCase()),
  entry: (ndn) => entries.find((e) => e.ndn === ndn),
  isA: (e, cls) => (e.attributes['objectclass'] ?? []).some((c) => c.toLowerCase() === cls.toLowerCase()),
};

function policy(database: string[], frontend: string[] = []) {
  const rules = (texts: string[]): AccessRule[] => texts.map(accessRule);
  return new AccessPolicy({ database: rules(database), frontend: rules(frontend) }, env);
}

const ask = (target: string, attribute: string, viewer = ''): AccessRequest<FakeEntry> => ({
  entry: entry(target),
  attribute,
  viewer,
});
const { read, search, compare, auth, add } = Privilege;

describe('AccessPolicy', () => {
  it('applies the first rule whose <what> matches, and in it the first matching <who>', () => {
    const p = policy([
      'to attrs=userPassword by self write by anonymous auth by * none',
      'to * by self write by users read by * none',
    ]);
    expect(p.allows(ask(ALICE, 'userpassword', ALICE), LEVELS.get('write')!)).toBe(true);
    expect(p.allows(ask(ALICE, 'userpassword', ''), auth)).toBe(true);
    expect(p.allows(ask(ALICE, 'userpassword', ''), compare)).toBe(false);
    expect(p.allows(ask(ALICE, 'userpassword', BOB), auth)).toBe(false);
    expect(p.allows(ask(ALICE, 'cn', BOB), read)).toBe(true);
    expect(p.allows(ask(ALICE, 'cn', BOB), add)).toBe(false);
    expect(p.privileges(ask(ALICE, 'entry', ''))).toBe(0);
  });

  it('ends a rule whose by clauses all miss with nothing, and so does running out of rules', () => {
    expect(policy(['to * by users read']).privileges(ask(ALICE, 'cn', ''))).toBe(0);
    expect(policy([`to dn.subtree="ou=nothing,${B}" by * read`]).privileges(ask(ALICE, 'cn', BOB))).toBe(0);
  });

  it('grants read to everybody when there are no rules at all (slapd`s default)', () => {
    expect(policy([]).privileges(ask(ALICE, 'userpassword', ''))).toBe(LEVELS.get('read'));
  });

  it('continue: later who clauses alter the privileges; one that misses them all leaves nothing', () => {
    const p = policy(['to attrs=cn by * =cs continue by users +r', 'to * by * read']);
    expect(p.privileges(ask(ALICE, 'cn', BOB))).toBe(compare | search | read);
    // slapacl: anonymous gets nothing, not =cs — the implicit `by * none` resets the mask.
    expect(p.privileges(ask(ALICE, 'cn', ''))).toBe(0);
  });

  it('break: the next matching rule goes on from the privileges so far; none left means nothing', () => {
    const p = policy([
      'to attrs=cn by * =cs break',
      `to dn.subtree="ou=people,${B}" by users +r`,
      'to * by * read',
    ]);
    expect(p.privileges(ask(ALICE, 'cn', BOB))).toBe(compare | search | read);
    expect(p.privileges(ask(ALICE, 'cn', ''))).toBe(0);
    expect(policy(['to attrs=cn by * =cs break']).privileges(ask(ALICE, 'cn', BOB))).toBe(0);
  });

  it('a privilege set is exactly its letters, not a level (`+r` grants neither compare nor search)', () => {
    const p = policy(['to attrs=cn by * +r', 'to * by * read']);
    expect(p.privileges(ask(ALICE, 'cn', ''))).toBe(read);
  });

  it('matches dn styles on normalised DNs: base, one, subtree, children', () => {
    const p = policy([
      `to dn.base="OU=People, DC=Example,dc=org" by * =d`,
      `to dn.one="ou=people,${B}" by * =s`,
      `to dn.children="${B}" by * =c`,
      `to dn.subtree="${B}" by * =x`,
    ]);
    expect(p.privileges(ask(`ou=people,${B}`, 'cn'))).toBe(Privilege.disclose);
    expect(p.privileges(ask(ALICE, 'cn'))).toBe(search);
    expect(p.privileges(ask(`cn=editors,ou=groups,${B}`, 'cn'))).toBe(compare);
    expect(p.privileges(ask(B, 'cn'))).toBe(auth);
  });

  it('matches dn.regex case-insensitively and hands its submatches to a by dn.regex', () => {
    const p = policy([
      `to dn.regex="^UID=([^,]+),OU=People,${B}$" attrs=description by dn.regex="^uid=$1,ou=people,${B}$$" write by * none`,
    ]);
    expect(p.allows(ask(ALICE, 'description', ALICE), LEVELS.get('write')!)).toBe(true);
    expect(p.privileges(ask(ALICE, 'description', BOB))).toBe(0);
  });

  it('covers subtypes (attrs=name is cn and sn), entry and children only by name, classes by their attributes', () => {
    const p = policy([
      'to attrs=name by * =r',
      'to attrs=@person by * =s',
      'to attrs=entry by * =c',
      'to * by * =x',
    ]);
    expect(p.privileges(ask(ALICE, 'cn'))).toBe(read);
    expect(p.privileges(ask(ALICE, 'userpassword'))).toBe(search);
    expect(p.privileges(ask(ALICE, 'entry'))).toBe(compare);
    expect(p.privileges(ask(ALICE, 'children'))).toBe(auth);
    expect(p.privileges(ask(ALICE, 'mail'))).toBe(auth);
  });

  it('matches filter=, dnattr and group (of its class only)', () => {
    const p = policy([
      'to filter=(objectClass=organizationalUnit) by * =d',
      'to attrs=mail by dnattr=seeAlso read by * none',
      `to attrs=cn by group.exact="cn=editors,ou=groups,${B}" write by * none`,
      `to attrs=sn by group="cn=plain,ou=groups,${B}" write by * none`,
    ]);
    expect(p.privileges(ask(`ou=people,${B}`, 'mail', BOB))).toBe(Privilege.disclose);
    expect(p.allows(ask(ALICE, 'mail', BOB), read)).toBe(true);
    expect(p.allows(ask(ALICE, 'mail', ALICE), read)).toBe(false);
    expect(p.allows(ask(BOB, 'cn', ALICE), add)).toBe(true);
    expect(p.allows(ask(BOB, 'cn', BOB), add)).toBe(false);
    // cn=plain lists alice, but is no groupOfNames.
    expect(p.allows(ask(BOB, 'sn', ALICE), add)).toBe(false);
  });

  it('applies the frontend`s rules after the database`s', () => {
    const p = policy(
      [`to dn.subtree="ou=people,${B}" by users read`],
      [`to dn.subtree="ou=groups,${B}" by * read`, 'to * by users =s'],
    );
    expect(p.allows(ask(`cn=editors,ou=groups,${B}`, 'cn', ''), read)).toBe(true);
    expect(p.privileges(ask(B, 'cn', BOB))).toBe(search);
    // The database's rule matched: the frontend is never reached.
    expect(p.privileges(ask(ALICE, 'cn', ''))).toBe(0);
  });

  it('evaluates filter= only for a rule whose attrs and dn already match', () => {
    let asked = 0;
    const counting = {
      ...env,
      matches: (e: FakeEntry, f: Filter) => {
        asked++;
        return env.matches(e, f);
      },
    };
    const rules = [accessRule('to attrs=cn by * read'), accessRule('to filter=(uid=x) by * read')];
    const p = new AccessPolicy({ database: rules, frontend: [] }, counting);
    p.privileges(ask(ALICE, 'cn'));
    expect(asked).toBe(0);
    p.privileges(ask(ALICE, 'sn'));
    expect(asked).toBe(1);
  });
});
