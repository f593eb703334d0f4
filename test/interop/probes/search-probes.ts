/** Search: attribute selection, operational attributes, ACLs, scopes, missing bases, size limits. */
import type { Probe } from '../probe.js';
import type { SearchParams } from '../probe-session.js';
import {
  ALICE,
  ALICE_PASSWORD,
  BASE,
  BULK,
  DEVELOPERS,
  ESCAPED_HEX,
  GROUPS,
  PEOPLE,
  ROOT_DN,
} from './fixture-names.js';

type Identity = 'anonymous' | 'alice' | 'rootdn';

/** One search as `identity`, recorded with the bind that precedes it. */
function searchAs(name: string, identity: Identity, params: SearchParams): Probe {
  return {
    name,
    async run(context) {
      const s = await context.open('connect');
      if (identity === 'alice') await s.bind('bind as alice', ALICE, ALICE_PASSWORD);
      if (identity === 'rootdn') await s.bind('bind as rootdn', ROOT_DN, context.target.rootPassword);
      await s.search('search', params);
    },
  };
}

const aliceBase = (attributes: readonly string[]): SearchParams => ({
  base: ALICE,
  scope: 'base',
  attributes,
});

export const searchProbes: readonly Probe[] = [
  searchAs('search: user entry, no attribute list (memberOf not returned)', 'anonymous', aliceBase([])),
  searchAs('search: user entry, memberOf by name', 'anonymous', aliceBase(['memberOf'])),
  searchAs(
    'search: attribute names in another case come back in schema case',
    'anonymous',
    aliceBase(['MEMBEROF', 'CN', 'mail']),
  ),
  searchAs('search: user entry with + (operational only)', 'anonymous', aliceBase(['+'])),
  searchAs('search: user entry with * and +', 'anonymous', aliceBase(['*', '+'])),
  searchAs('search: user entry with 1.1 (no attributes)', 'anonymous', aliceBase(['1.1'])),
  searchAs('search: 1.1 together with a name', 'anonymous', aliceBase(['1.1', 'uid'])),
  searchAs('search: unknown attribute name requested', 'anonymous', aliceBase(['noSuchAttribute', 'uid'])),
  searchAs('search: typesOnly', 'anonymous', { ...aliceBase(['cn', 'mail', 'memberOf']), typesOnly: true }),
  searchAs('search: userPassword hidden from anonymous', 'anonymous', aliceBase(['userPassword', 'uid'])),
  searchAs('search: userPassword readable by its owner', 'alice', aliceBase(['userPassword', 'uid'])),
  searchAs('search: rootdn reads * and + of a user', 'rootdn', aliceBase(['*', '+'])),
  searchAs('search: nested group carries memberOf of its parent group', 'anonymous', {
    base: DEVELOPERS,
    scope: 'base',
    attributes: ['*', 'memberOf'],
  }),
  searchAs('search: escaped DN as base, returned in slapd form', 'anonymous', {
    base: ESCAPED_HEX,
    scope: 'base',
    attributes: ['cn', 'sn', 'memberOf', 'entryDN'],
  }),
  searchAs('search: base scope of ou=groups', 'anonymous', {
    base: GROUPS,
    scope: 'base',
    attributes: ['1.1'],
  }),
  searchAs('search: one-level scope of ou=groups', 'anonymous', {
    base: GROUPS,
    scope: 'one',
    attributes: ['*'],
  }),
  searchAs('search: subtree scope of ou=people', 'anonymous', {
    base: PEOPLE,
    scope: 'sub',
    attributes: ['*', 'memberOf'],
  }),
  searchAs('search: base that does not exist (matchedDN)', 'anonymous', {
    base: `uid=nobody,ou=missing,${PEOPLE}`,
    scope: 'sub',
    attributes: ['1.1'],
  }),
  searchAs('search: base outside every naming context', 'anonymous', {
    base: 'dc=elsewhere,dc=test',
    scope: 'sub',
    attributes: ['1.1'],
  }),
  searchAs('search: invalid base DN', 'anonymous', { base: 'not a dn', scope: 'base' }),
  searchAs('search: existing base, nothing matches', 'anonymous', { base: PEOPLE, filter: '(uid=nobody)' }),
  searchAs('search: rootDSE', 'anonymous', {
    base: '',
    scope: 'base',
    // Not supportedSASLMechanisms (depends on the host's Cyrus SASL modules) nor configContext
    // (an artefact of slapd-up.sh's cn=config database).
    attributes: [
      'objectClass',
      'structuralObjectClass',
      'namingContexts',
      'supportedLDAPVersion',
      'supportedExtension',
      'supportedControl',
      'supportedFeatures',
      'subschemaSubentry',
      'entryDN',
    ],
  }),
  searchAs('search: rootDSE with no attribute list', 'anonymous', { base: '', scope: 'base' }),
  searchAs('search: subschema subentry exists', 'anonymous', {
    base: 'cn=Subschema',
    scope: 'base',
    filter: '(objectClass=subschema)',
    attributes: ['1.1'],
  }),
  // Truncating probes search ou=bulk, where slapd's index order equals the fixture order, so
  // which entries fall within the limit is meaningful (see normalise.ts, item 1).
  searchAs('search: client size limit 3', 'anonymous', { base: BULK, sizeLimit: 3, attributes: ['1.1'] }),
  searchAs('search: unpaged over 601 entries as anonymous (500 then code 4)', 'anonymous', {
    base: BULK,
    attributes: ['1.1'],
  }),
  searchAs('search: unpaged over 601 entries as a user', 'alice', {
    base: BULK,
    filter: '(uid=bulk*)',
    attributes: ['uid'],
  }),
  searchAs('search: client size limit above the hard limit', 'anonymous', {
    base: BULK,
    sizeLimit: 1000,
    attributes: ['1.1'],
  }),
  searchAs('search: client size limit equal to the hard limit', 'anonymous', {
    base: BULK,
    sizeLimit: 500,
    attributes: ['1.1'],
  }),
  searchAs('search: rootdn is not size-limited', 'rootdn', { base: BULK, attributes: ['1.1'] }),
  searchAs('search: whole tree by objectClass as anonymous', 'anonymous', {
    base: BASE,
    filter: '(|(objectClass=organizationalUnit)(objectClass=groupOfNames)(objectClass=dcObject))',
    attributes: ['1.1'],
  }),
];
