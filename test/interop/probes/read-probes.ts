/**
 * Reads a directory client meets beyond the basics: DNs whose RDN values the schema refuses,
 * filters on supertypes, options and operational attributes, assertion values invalid for their
 * syntax, extensible matches without a type, attribute lists mixing `*`, `+` and `1.1`, limits
 * of the rootdn, controls slapd implements or refuses, Cancel, and compares of computed values.
 */
import { Control } from 'ldapts';
import type { Probe } from '../probe.js';
import { matchedValuesControl, RawControl, sortControl, subentriesControl } from '../probe-controls.js';
import type { ProbeSession, SearchParams } from '../probe-session.js';
import { ALICE, BASE, BULK, DEVELOPERS, PEOPLE, ROOT_DN } from './fixture-names.js';

type Identity = 'anonymous' | 'rootdn';

function probe(name: string, identity: Identity, act: (s: ProbeSession) => Promise<unknown>): Probe {
  return {
    name,
    async run(context) {
      const s = await context.open('connect');
      if (identity === 'rootdn') await s.bind('bind as rootdn', ROOT_DN, context.target.rootPassword);
      await act(s);
    },
  };
}

const search = (name: string, params: SearchParams, identity: Identity = 'anonymous') =>
  probe(name, identity, (s) => s.search('search', params));

/** Which entries of the tree a filter finds (DNs only). */
const filter = (name: string, text: string, identity: Identity = 'anonymous') =>
  search(`filter: ${name} ${text}`, { base: BASE, filter: text, attributes: ['1.1'] }, identity);

const alice = (attributes: readonly string[], more: Partial<SearchParams> = {}): SearchParams => ({
  base: ALICE,
  scope: 'base',
  attributes,
  ...more,
});

const aliceValues = ['cn', 'sn', 'givenName', 'mail', 'uidNumber', 'objectClass', 'memberOf'];

export const readProbes: readonly Probe[] = [
  search('dn: search base whose RDN value its syntax refuses (telephoneNumber=@@@)', {
    base: `telephoneNumber=@@@,${BASE}`,
    scope: 'base',
  }),
  search('dn: search base whose integer RDN is no integer (uidNumber=abc)', {
    base: `uidNumber=abc,${PEOPLE}`,
    scope: 'base',
  }),
  search('dn: search base with an RDN type the schema does not define', {
    base: `fooBarBaz=x,${BASE}`,
    scope: 'base',
  }),
  probe('dn: compare on an entry whose RDN value its syntax refuses', 'anonymous', (s) =>
    s.compare('compare', `telephoneNumber=@@@,${BASE}`, 'cn', 'x'),
  ),

  filter('supertype name matches its subtypes', '(name=Liddell)'),
  search('filter: presence of a supertype (name=*)', {
    base: PEOPLE,
    filter: '(name=*)',
    attributes: ['1.1'],
  }),
  filter('an option no value carries', '(cn;lang-en=Alice Liddell)'),
  filter('extensible match on DN components with a rule and no type', '(:dn:caseIgnoreMatch:=groups)'),
  filter('extensible match with a rule and no type', '(:caseExactMatch:=Builder)'),
  filter('insignificant spaces in the assertion', '(cn=  Alice   Liddell )'),
  filter('IA5 value in another case', '(mail=ALICE@EXAMPLE.ORG)'),
  filter('substrings on an integer (no substrings rule)', '(uidNumber=100*)'),
  filter('integer assertion that is no integer, negated', '(!(uidNumber=abc))'),
  filter('integer assertion with a sign or spaces', '(|(uidNumber=+10001)(uidNumber= 10001 ))'),
  filter('DN assertion that is no DN', '(member=not a dn)'),
  filter('absolute false', '(|)'),
  filter('not of absolute true', '(!(&))'),
  search('filter: structuralObjectClass (structuralObjectClass=inetOrgPerson)', {
    base: PEOPLE,
    filter: '(structuralObjectClass=inetOrgPerson)',
    attributes: ['1.1'],
  }),
  search('filter: entryUUID presence within ou=people (entryUUID=*)', {
    base: PEOPLE,
    filter: '(entryUUID=*)',
    attributes: ['1.1'],
  }),
  filter(
    'userPassword by its cleartext as the rootdn (stored hashed)',
    '(userPassword=alice-password)',
    'rootdn',
  ),

  search(
    'search: attribute options nobody stores (cn;lang-en, sn;x-foo)',
    alice(['cn;lang-en', 'sn;x-foo', 'uid']),
  ),
  search('search: * together with 1.1', alice(['*', '1.1'])),
  search('search: + together with a user attribute', alice(['+', 'cn'])),
  search('search: supertype name in the attribute list', alice(['name'])),
  search('search: typesOnly with * and +', alice(['*', '+'], { typesOnly: true })),
  search(
    'search: the rootdn is held to the client size limit',
    { base: BULK, sizeLimit: 3, attributes: ['1.1'] },
    'rootdn',
  ),
  search('search: a time limit the search stays within', { base: PEOPLE, timeLimit: 1, attributes: ['1.1'] }),

  search(
    'controls: an unknown critical control',
    alice(['1.1'], { controls: [new RawControl('1.2.3.4', undefined, true)] }),
  ),
  search(
    'controls: an unknown non-critical control is ignored',
    alice(['uid'], { controls: [new Control('1.2.3.4')] }),
  ),
  search(
    'controls: ManageDsaIT',
    alice(['uid'], { controls: [new Control('2.16.840.1.113730.3.4.2', { critical: true })] }),
  ),
  search('controls: critical server-side sort (slapd has no sssvlv overlay)', {
    base: PEOPLE,
    filter: '(uid=*)',
    attributes: ['1.1'],
    controls: [sortControl(['uid'], true)],
  }),
  probe('controls: non-critical sort with paging (sort ignored, pages kept)', 'anonymous', (s) =>
    s.searchPaged(
      'paged and sorted',
      { base: PEOPLE, filter: '(uid=*)', attributes: ['1.1'], controls: [sortControl(['uid'])] },
      2,
    ),
  ),
  probe('controls: subentries, visibility TRUE then FALSE', 'anonymous', async (s) => {
    const params = { base: BASE, filter: '(uid=alice)', attributes: ['1.1'] };
    await s.search('only subentries', { ...params, controls: [subentriesControl(true)] });
    await s.search('no subentries', { ...params, controls: [subentriesControl(false)] });
  }),
  probe('controls: matched values', 'anonymous', async (s) => {
    for (const items of [
      ['(sn=Liddell)'],
      ['(sn=x)'],
      ['(name=Alice)'],
      ['(objectClass=person)'],
      ['(uidNumber>=10000)', '(mail=*example*)'],
      ['(memberOf=*)'],
      ['(cn:caseExactMatch:=Alice Liddell)'],
    ]) {
      await s.search(
        `values of ${items.join('')}`,
        alice(aliceValues, { controls: [matchedValuesControl(items)] }),
      );
    }
  }),

  probe('cancel: no value, a malformed value, an unknown message ID', 'anonymous', async (s) => {
    await s.extended('no value', '1.3.6.1.1.8');
    await s.extended('not a SEQUENCE', '1.3.6.1.1.8', Buffer.from('010203', 'hex'));
    await s.extended('empty SEQUENCE', '1.3.6.1.1.8', Buffer.from('3000', 'hex'));
    await s.extended('message ID 999', '1.3.6.1.1.8', Buffer.from('3004020203e7', 'hex'));
  }),

  probe('rootDSE: filters on its own values', 'anonymous', async (s) => {
    for (const text of [
      '(supportedLDAPVersion=3)',
      '(supportedLDAPVersion=2)',
      '(namingContexts=*)',
      '(cn=*)',
    ]) {
      await s.search(text, { base: '', scope: 'base', filter: text, attributes: ['supportedLDAPVersion'] });
    }
  }),
  search('rootDSE: a one-level search below the empty DN', { base: '', scope: 'one', attributes: ['1.1'] }),

  probe('compare: computed attributes of a user', 'anonymous', async (s) => {
    await s.compare('hasSubordinates FALSE', ALICE, 'hasSubordinates', 'FALSE');
    await s.compare('hasSubordinates TRUE', ALICE, 'hasSubordinates', 'TRUE');
    await s.compare('structuralObjectClass', ALICE, 'structuralObjectClass', 'inetOrgPerson');
    await s.compare('memberOf in another case', ALICE, 'memberOf', DEVELOPERS.toUpperCase());
  }),
  probe('compare: objectClass by a superclass, and a value its syntax refuses', 'anonymous', async (s) => {
    await s.compare('objectClass person', ALICE, 'objectClass', 'person');
    await s.compare('objectClass top', ALICE, 'objectClass', 'top');
    await s.compare('uidNumber abc', ALICE, 'uidNumber', 'abc');
  }),
  probe('compare: the rootDSE', 'anonymous', async (s) => {
    await s.compare('namingContexts', '', 'namingContexts', BASE);
    await s.compare('subschemaSubentry (added to searches only)', '', 'subschemaSubentry', 'cn=Subschema');
  }),
  probe('compare: a type without an equality rule (supportedLDAPVersion)', 'anonymous', async (s) => {
    await s.compare('on the rootDSE', '', 'supportedLDAPVersion', '3');
    await s.compare('on a user', ALICE, 'supportedLDAPVersion', '3');
    await s.compare(
      'on a missing entry, value no integer',
      `uid=nobody,${PEOPLE}`,
      'supportedLDAPVersion',
      'abc',
    );
  }),
  probe('compare: subschemaSubentry of entries, present or missing', 'anonymous', async (s) => {
    await s.compare('on a user', ALICE, 'subschemaSubentry', 'cn=Subschema');
    await s.compare('on a missing entry', `uid=nobody,${PEOPLE}`, 'subschemaSubentry', 'cn=Subschema');
    await s.compare(
      'outside every naming context',
      'uid=x,dc=elsewhere',
      'subschemaSubentry',
      'cn=Subschema',
    );
    await s.compare('on cn=Subschema', 'cn=Subschema', 'subschemaSubentry', 'cn=Subschema');
  }),
];
