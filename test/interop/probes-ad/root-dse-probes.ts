/** The rootDSE, which AD lets anybody read, and the extended operations an AD DC does not have. */
import type { Probe } from '../probe.js';
import { ALICE } from './fixture-names.js';

const NAMED_ATTRIBUTES = [
  'defaultNamingContext',
  'rootDomainNamingContext',
  'configurationNamingContext',
  'schemaNamingContext',
  'namingContexts',
  'subschemaSubentry',
  'supportedControl',
  'supportedExtension',
  'supportedCapabilities',
  'supportedSASLMechanisms',
  'supportedLDAPVersion',
  'supportedLDAPPolicies',
  'dnsHostName',
  'ldapServiceName',
  'serverName',
  'dsServiceName',
  'domainFunctionality',
  'forestFunctionality',
  'domainControllerFunctionality',
  'isGlobalCatalogReady',
  'isSynchronized',
  'vendorName',
  'vendorVersion',
];

function rootDse(name: string, attributes: readonly string[], bound: boolean): Probe {
  return {
    name,
    async run(context) {
      const s = await context.open('connect');
      if (bound) await s.bind('bind as alice', ALICE.upn, ALICE.password);
      await s.search('read the rootDSE', { base: '', scope: 'base', attributes });
    },
  };
}

export const rootDseProbes: readonly Probe[] = [
  rootDse('rootDSE: anonymous, all user attributes (no list)', [], false),
  rootDse('rootDSE: anonymous, the attributes clients ask for by name', NAMED_ATTRIBUTES, false),
  rootDse('rootDSE: anonymous, "+" (operational)', ['+'], false),
  rootDse('rootDSE: bound as alice, "*"', ['*'], true),
  rootDse('rootDSE: names in another case', ['DEFAULTNAMINGCONTEXT', 'dnshostname'], false),
  {
    name: 'rootDSE: a one-level search below the empty DN',
    async run(context) {
      const s = await context.open('connect');
      await s.search('one-level search at ""', { base: '', scope: 'one', attributes: ['1.1'] });
    },
  },
  {
    name: 'extended: WhoAmI is not supported (anonymous and bound)',
    async run(context) {
      const s = await context.open('connect');
      await s.whoami('whoami anonymous');
      await s.bind('bind as alice', ALICE.upn, ALICE.password);
      await s.whoami('whoami as alice');
    },
  },
  {
    name: 'extended: Password Modify (RFC 3062) is not supported',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind as alice', ALICE.upn, ALICE.password);
      await s.passwordModify('password modify of the own password', {
        oldPassword: ALICE.password,
        newPassword: 'Another-Passw0rd!',
      });
    },
  },
  {
    name: 'extended: an unknown extended operation',
    async run(context) {
      const s = await context.open('connect');
      await s.extended('unknown OID', '1.3.6.1.4.1.99999.1');
    },
  },
];
