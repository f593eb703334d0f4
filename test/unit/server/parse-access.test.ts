// slapd's access rules read as slapd reads them (forms checked with slapacl's dump of slapd 2.5):
// dn styles and their synonyms, quoted values, attrs lists, the who forms, levels and privilege
// sets, controls; and every form the mock does not evaluate named as a problem.
import { describe, expect, it } from 'vitest';
import { LEVELS, Privilege, WRITE } from '../../../src/server/access/access-rule.js';
import { accessRule, parseAccess } from '../../../src/server/access/parse-access.js';

const problem = (text: string) => {
  const parsed = parseAccess(text);
  return 'problem' in parsed ? parsed.problem : undefined;
};

describe('parseAccess', () => {
  it('reads an olcAccess value with its {N} prefix, quoted DNs and several by clauses', () => {
    const rule = accessRule(
      '{2}to dn.subtree="ou=People, dc=example,dc=org" attrs=mail,cn by self write by users read by anonymous auth',
    );
    expect(rule.text).toBe(
      'to dn.subtree="ou=People, dc=example,dc=org" attrs=mail,cn by self write by users read by anonymous auth',
    );
    expect(rule.to).toEqual({
      dn: { style: 'subtree', pattern: 'ou=People, dc=example,dc=org' },
      attributes: [
        { kind: 'attribute', name: 'mail' },
        { kind: 'attribute', name: 'cn' },
      ],
    });
    expect(rule.by.map((b) => b.who)).toEqual([
      [{ kind: 'self' }],
      [{ kind: 'users' }],
      [{ kind: 'anonymous' }],
    ]);
    expect(rule.by.map((b) => b.access)).toEqual([
      { operation: 'set', privileges: LEVELS.get('write') },
      { operation: 'set', privileges: LEVELS.get('read') },
      { operation: 'set', privileges: LEVELS.get('auth') },
    ]);
    expect(rule.by.every((b) => b.control === 'stop')).toBe(true);
  });

  it('reads a slapd.conf directive, `access` word and all', () => {
    expect(accessRule('access to * by * read').to).toEqual({});
  });

  it('takes dn without a style, exact and baseObject as base (slapd 2.5: `dn="uid=.*,…"` is dn.base)', () => {
    for (const style of ['', '.exact', '.base', '.baseObject']) {
      expect(accessRule(`to dn${style}="uid=.*,dc=org" by * read`).to.dn).toEqual({
        style: 'base',
        pattern: 'uid=.*,dc=org',
      });
    }
    expect(accessRule('to dn.onelevel=dc=org by * read').to.dn?.style).toBe('one');
    expect(accessRule('to dn.sub=dc=org by * read').to.dn?.style).toBe('subtree');
    expect(accessRule('to dn.children=dc=org by * read').to.dn?.style).toBe('children');
    expect(accessRule('to dn.regex="^uid=([^,]+),dc=org$" by * read').to.dn?.style).toBe('regex');
  });

  it('reads entry, children, @class and !class in attrs', () => {
    expect(accessRule('to attrs=entry,children,@person,!posixAccount by * read').to.attributes).toEqual([
      { kind: 'entry' },
      { kind: 'children' },
      { kind: 'class', name: 'person', negated: false },
      { kind: 'class', name: 'posixAccount', negated: true },
    ]);
  });

  it('reads a filter and keeps dn, filter and attrs together', () => {
    const rule = accessRule(
      'to dn.one="ou=people,dc=org" filter=(objectClass=inetOrgPerson) attrs=mail by * read',
    );
    expect(rule.to.filter).toMatchObject({ type: 'equality', attribute: 'objectClass' });
    expect(rule.to.dn?.style).toBe('one');
  });

  it('reads dn, dnattr and group forms of <who>, group with its default class and attribute', () => {
    const rule = accessRule(
      'to * by dn.children="ou=admins,dc=org" write by dnattr=owner write by group.exact="cn=eds,dc=org" write by group/groupOfUniqueNames/uniqueMember="cn=x,dc=org" read',
    );
    expect(rule.by.map((b) => b.who[0])).toEqual([
      { kind: 'dn', style: 'children', pattern: 'ou=admins,dc=org' },
      { kind: 'dnattr', attribute: 'owner' },
      { kind: 'group', dn: 'cn=eds,dc=org', objectClass: 'groupOfNames', attribute: 'member' },
      { kind: 'group', dn: 'cn=x,dc=org', objectClass: 'groupOfUniqueNames', attribute: 'uniqueMember' },
    ]);
  });

  it('reads privilege sets, controls, and no access as +0', () => {
    const rule = accessRule('to attrs=cn by * =cs continue by users +r break by anonymous -w by self');
    expect(rule.by.map((b) => [b.access, b.control])).toEqual([
      [{ operation: 'set', privileges: Privilege.compare | Privilege.search }, 'continue'],
      [{ operation: 'add', privileges: Privilege.read }, 'break'],
      [{ operation: 'remove', privileges: WRITE }, 'stop'],
      [{ operation: 'add', privileges: 0 }, 'stop'],
    ]);
  });

  it('each level implies the ones before it; write is add and delete', () => {
    const order = ['none', 'disclose', 'auth', 'compare', 'search', 'read', 'write', 'manage'];
    for (let i = 1; i < order.length; i++) {
      const lower = LEVELS.get(order[i - 1]!)!;
      const higher = LEVELS.get(order[i]!)!;
      expect(higher & lower).toBe(lower);
      expect(higher).not.toBe(lower);
    }
    expect(LEVELS.get('write')! & WRITE).toBe(Privilege.add | Privilege.delete);
  });

  it('names what is wrong or not emulated', () => {
    expect(problem('by * read')).toBe('expected "to" first');
    expect(problem('to *')).toBe('no "by" clause');
    expect(problem('to dn.base="cn=a by * read')).toBe('unbalanced double quote');
    expect(problem('to dn.level{2}=dc=org by * read')).toMatch(/dn\.level\{2\}: the style is not one/);
    expect(problem('to dn.base="not a dn" by * read')).toMatch(/not a DN/);
    expect(problem('to filter=(uid=a by * read')).toMatch(/^filter=\(uid=a: /);
    expect(problem('to attrs=cn val=x by * read')).toMatch(/val=.*not emulated/);
    expect(problem('to * by peername.ip=127.0.0.1 read')).toMatch(
      /"by peername\.ip=127\.0\.0\.1" is not a <who> form/,
    );
    expect(problem('to * by ssf=128 read')).toMatch(/is not a <who> form/);
    expect(problem('to * by * selfwrite')).toMatch(/self modifier .* not emulated/);
    expect(problem('to * by * =rq')).toMatch(/"q" is not a privilege/);
    expect(problem('to * by * read write')).toMatch(/two access levels/);
    expect(problem('to * by dn.exact,expand="uid=$1" read')).toMatch(/expand modifier/);
    expect(problem('to * by dn.regex="(" read')).toMatch(/^dn\.regex=\(: /);
  });
});
