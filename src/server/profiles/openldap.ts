/**
 * OpenLDAP 2.5/2.6 slapd with back-mdb and the memberof, refint and ppolicy overlays, in the
 * configuration scripts/slapd-up.sh gives the real server the differential suite compares with.
 * Texts are slapd's own (servers/slapd/bind.c, passwd.c, overlays/ppolicy.c).
 */
import { ExtendedOid } from '../../core/extended-operations.js';
import { ResultCode } from '../../core/result-code.js';
import { PasswordPolicy } from '../accounts/password-policy.js';
import { PpolicyAccounts } from '../accounts/ppolicy-accounts.js';
import { creationStamps, generalizedTime, modificationStamps } from '../directory/operational-stamps.js';
import { openldapMatchingRules, openldapSchema, openldapSyntaxes } from '../directory/schema-openldap.js';
import { bitAndRule, bitOrRule } from '../matching/extensible-rules.js';
import type { Profile } from './profile.js';
import { slapdFrontend } from './slapd-frontend.js';
import { slapdViolation } from './slapd-violations.js';

export const openldapProfile: Profile = {
  name: 'openldap',
  schema: openldapSchema,
  matchingRules: openldapMatchingRules,
  ldapSyntaxes: openldapSyntaxes,
  // slapd keeps DNs in its "pretty" form: `cn=\23Smith\2C …` whatever the client wrote.
  dnStyle: 'openldap',
  hashCleartextPasswords: true,
  // slapo-ppolicy with olcPPolicyDefault = cn=default,ou=policies,<base> (as scripts/slapd-up.sh
  // configures it), unless a bootstrap folder configures another.
  accounts: ({ directory, now, baseDN, passwordPolicyDN, passwordPolicyLockout }) =>
    new PpolicyAccounts(
      new PasswordPolicy(
        directory,
        { defaultPolicyDN: passwordPolicyDN ?? `cn=default,ou=policies,${baseDN}` },
        now,
      ),
      // olcPPolicyUseLockout is FALSE unless configured: a locked account's control carries no error.
      { revealLockout: passwordPolicyLockout ?? false },
    ),
  bind: {
    // Default `disallow bind_anon_dn`: an unauthenticated bind is refused, not treated as anonymous.
    unauthenticated: {
      code: ResultCode.unwillingToPerform,
      message: 'unauthenticated bind (DN with no password) disallowed',
    },
    anonymousWithPassword: { code: ResultCode.invalidCredentials, message: '' },
    saslUnsupported: {
      code: ResultCode.authMethodNotSupported,
      message: 'SASL(-4): no mechanism available: ',
    },
    saslExternal: true,
    invalidName: { code: ResultCode.invalidDNSyntax, message: 'invalid DN' },
    failedBindKeepsIdentity: false,
    upnNames: false,
  },
  rootDN: (baseDN) => `cn=admin,${baseDN}`,
  // `access to * by * read`: anonymous sessions may search and compare; only the rootdn writes.
  anonymousOperations: 'allowed',
  anonymousCompare: true,
  writeSuccessMessage: '',
  administratorGroups: [],
  violation: slapdViolation,
  frontend: slapdFrontend,
  errors: {
    insufficientAccess: { code: ResultCode.insufficientAccessRights, message: '' },
    anonymousWrite: {
      code: ResultCode.strongerAuthRequired,
      message: 'modifications require authentication',
    },
  },
  // slapd.conf(5) idletimeout: 0 by default, connections are never timed out.
  idleTimeout: 0,
  // include/ldap_defaults.h: size.soft = size.hard = 500; the rootdn is never limited.
  limits: {
    sizeLimit: 500,
    pagedTotalCappedBySizeLimit: true,
    maxPageSize: 0,
    honourClientSizeLimit: true,
    paging: {
      sizeEstimate: false,
      invalidCookie: { code: ResultCode.protocolError, message: 'paged results cookie is invalid' },
      abandoned: { message: 'search abandoned by pagedResult size=0' },
      emptyLastPage: false,
      frontendEntriesUnpaged: true,
      pageSizeOverLimitUnpaged: true,
    },
  },
  order: 'stored',
  honourTypesOnly: true,
  plusMeansOperational: true,
  noSuchObject: (_dn, matchedDN) => ({ message: '', matchedDN }),
  maxValueRange: 0,
  rootReferences: () => [],
  namingAttributes: false,
  stamps: { creation: creationStamps, modification: modificationStamps },
  memberOfIsOperational: true,
  memberOfGroups: { objectClasses: ['groupOfNames'], memberAttribute: 'member' },
  referentialIntegrity: ['member', 'uniqueMember'],
  unreadableAttributes: [],
  ownerReadableAttributes: ['userPassword'],
  extensibleRules: new Map([
    ['1.2.840.113556.1.4.803', bitAndRule],
    ['integerBitAndMatch', bitAndRule],
    ['1.2.840.113556.1.4.804', bitOrRule],
    ['integerBitOrMatch', bitOrRule],
  ]),
  strictAssertionSyntax: true,
  approximateMatch: 'phonetic',
  outboundAttributes: ['hassubordinates', 'subschemasubentry'],
  objectClassAttributeLists: true,
  compareAssertionFirst: true,
  whoAmI: 'dn',
  rootDSE: {
    structuralObjectClass: 'OpenLDAProotDSE',
    supportedFeatures: [
      '1.3.6.1.1.14',
      '1.3.6.1.4.1.4203.1.5.1',
      '1.3.6.1.4.1.4203.1.5.2',
      '1.3.6.1.4.1.4203.1.5.3',
      '1.3.6.1.4.1.4203.1.5.4',
      '1.3.6.1.4.1.4203.1.5.5',
    ],
    supportedControl: [
      '1.3.6.1.4.1.42.2.27.8.5.1',
      '2.16.840.1.113730.3.4.18',
      '2.16.840.1.113730.3.4.2',
      '1.3.6.1.4.1.4203.1.10.1',
      '1.3.6.1.1.22',
      '1.2.840.113556.1.4.319',
      '1.2.826.0.1.3344810.2.3',
      '1.3.6.1.1.13.2',
      '1.3.6.1.1.13.1',
      '1.3.6.1.1.12',
      '1.3.6.1.4.1.42.2.27.9.5.8',
      '2.16.840.1.113730.3.4.4',
      '2.16.840.1.113730.3.4.5',
    ],
    supportedExtension: [
      ExtendedOid.startTls,
      ExtendedOid.passwordModify,
      ExtendedOid.whoAmI,
      '1.3.6.1.1.8',
      '1.3.6.1.1.21.1',
      '1.3.6.1.1.21.3',
    ],
    supportedSASLMechanisms: [],
    operationalAttributes: true,
    extra: () => ({ entryDN: [''] }),
  },
  subschema: {
    dn: () => 'cn=Subschema',
    objectClasses: ['top', 'subentry', 'subschema', 'extensibleObject'],
    // slapd dates its schema from start-up: created and modified then.
    extra: (dn, started) => ({
      structuralObjectClass: ['subentry'],
      entryDN: [dn],
      createTimestamp: [generalizedTime(started)],
      modifyTimestamp: [generalizedTime(started)],
    }),
    baseScopeOnly: true,
  },
  unsupportedExtendedOperation: () => ({
    code: ResultCode.protocolError,
    message: 'unsupported extended operation',
  }),
  startTls: {
    alreadyStarted: { code: ResultCode.operationsError, message: 'TLS already started' },
    responseName: false,
    resetsIdentity: true,
  },
};
