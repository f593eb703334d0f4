/**
 * Filters (RFC 4515): escaping, non-ASCII, every filter kind, operational attributes in filters,
 * and the Undefined cases slapd answers with "no match, no error".
 */
import type { Probe } from '../probe.js';
import { BASE, BULK, DEVELOPERS, ENGINEERING, GROUPS, PEOPLE } from './fixture-names.js';

/** Anonymous search returning only DNs, so the comparison is about which entries match. */
function filterProbe(name: string, filter: string, base = BASE): Probe {
  return {
    name: `filter: ${name} ${filter}`,
    async run(context) {
      const s = await context.open('connect');
      await s.search('search', { base, filter, attributes: ['1.1'] });
    },
  };
}

/** RFC 4515 escaping of a DN string used as a filter value (backslashes become \5c). */
function filterValue(dn: string): string {
  return dn.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const ESCAPED_AS_WRITTEN = `cn=\\#Smith\\, \\"J\\+R\\" Müller\\ ,${PEOPLE}`;
const ESCAPED_AS_HEX = `cn=\\23Smith\\2C \\22J\\2BR\\22 Müller\\20,${PEOPLE}`;

export const filterProbes: readonly Probe[] = [
  filterProbe('equality', '(uid=alice)'),
  filterProbe('equality is case-insensitive in type and value', '(UID=ALICE)'),
  filterProbe('value with comma, quotes, plus, leading #', '(cn=#Smith, "J+R" Müller)'),
  filterProbe('same value with hex escapes', '(cn=\\23Smith\\2c \\22J\\2bR\\22 M\\c3\\bcller)'),
  filterProbe('non-ASCII value', '(sn=Müller)'),
  filterProbe('non-ASCII value, escaped UTF-8 octets', '(sn=M\\c3\\bcller)'),
  filterProbe('non-ASCII value in another case', '(sn=MÜLLER)'),
  filterProbe('escaped parenthesis in a substring', '(description=*\\28*)', GROUPS),
  filterProbe('escaped asterisk matches a literal *', '(cn=\\2a)'),
  filterProbe('substring initial', '(cn=Bulk User 00*)', BULK),
  filterProbe('substring final', '(uid=*ice)'),
  filterProbe('substring any', '(cn=*li*)'),
  filterProbe('substring initial+any+final', '(mail=a*e@*.org)'),
  filterProbe('greater-or-equal on an integer', '(uidNumber>=10002)'),
  filterProbe('less-or-equal on an integer', '(uidNumber<=10001)'),
  filterProbe('greater-or-equal on an attribute without ordering rule (Undefined)', '(uid>=m)', PEOPLE),
  filterProbe('presence', '(userPassword=*)'),
  filterProbe('presence of operational memberOf', '(memberOf=*)'),
  filterProbe('equality on memberOf', `(memberOf=${DEVELOPERS})`),
  filterProbe(
    'equality on memberOf, DN in another case',
    `(memberOf=CN=Developers,OU=Groups,DC=Example,DC=Org)`,
  ),
  filterProbe('member equal to the escaped DN as written', `(member=${filterValue(ESCAPED_AS_WRITTEN)})`),
  filterProbe('member equal to the escaped DN in hex form', `(member=${filterValue(ESCAPED_AS_HEX)})`),
  filterProbe('member of a nested group', `(member=${DEVELOPERS})`),
  filterProbe('uniqueMember', '(uniqueMember=uid=bob,ou=people,dc=example,dc=org)'),
  filterProbe('memberUid', '(memberUid=bob)'),
  filterProbe('not', '(!(uid=alice))', PEOPLE),
  filterProbe('and/or', '(&(objectClass=posixAccount)(|(uid=alice)(uid=bob)))'),
  filterProbe('objectClass matches superclasses', '(objectClass=person)', PEOPLE),
  filterProbe('unknown attribute (Undefined, no error)', '(noSuchAttribute=x)'),
  filterProbe('not of an unknown attribute (still Undefined)', '(!(noSuchAttribute=x))', PEOPLE),
  filterProbe(
    'unknown matching rule 1941 (no match, no error)',
    `(memberOf:1.2.840.113556.1.4.1941:=${ENGINEERING})`,
  ),
  filterProbe('bitwise AND rule 1.2.840.113556.1.4.803', '(uidNumber:1.2.840.113556.1.4.803:=1)'),
  filterProbe('extensible match on DN components', '(ou:dn:=groups)'),
  filterProbe('extensible match with a named rule', '(cn:caseExactMatch:=Alice Liddell)'),
  filterProbe('approximate match', '(cn~=Alice Liddell)'),
  filterProbe('entryDN', `(entryDN=${DEVELOPERS})`),
  filterProbe('hasSubordinates', '(hasSubordinates=TRUE)'),
];
