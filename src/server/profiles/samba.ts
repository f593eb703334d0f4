/**
 * A Samba 4.17 AD DC: the `ad` profile with the differences the real one shows (held to it by
 * test/interop/differential-samba.test.ts; observations in fixtures/README.md). Each override
 * names what Samba does differently. Samba's diagnostics never end in NUL.
 */
import { createHash } from 'node:crypto';
import { AdBindData } from '../../core/active-directory.js';
import { dnsDomain } from '../../core/dns-domain.js';
import { ResultCode } from '../../core/result-code.js';
import type { AdAccountTexts } from '../accounts/ad-account-context.js';
import { AdAccounts } from '../accounts/ad-accounts.js';
import type { FilterItemFailure } from '../directory/evaluate-filter.js';
import { endValuesAtNul, expandAdFilter } from '../matching/ad-filter.js';
import { extensibleAsEquality } from '../matching/ldb-extensible-equality.js';
import { ldbLeaves } from '../matching/ldb-filter-leaves.js';
import { ldbCandidates, ldbIndexed } from '../matching/ldb-index.js';
import { resolveFilterOids } from '../matching/resolve-filter-oids.js';
import type { Refusal } from '../operations.js';
import { adProfile, invalidExtendedDN } from './ad.js';
import { adWriteRules } from './ad-write-rules.js';
import type { Profile } from './profile.js';
import { sambaViolation } from './samba-violations.js';

const sambaBindFailure = (data: string) =>
  `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${data}, v1db1`;

const restrictions = '0000052D: Constraint violation - check_password_restrictions:';

const sambaAccountTexts: AdAccountTexts = {
  bindFailure: sambaBindFailure,
  wrongOldPassword: {
    code: ResultCode.constraintViolation,
    message:
      "00000056: Constraint violation - check_password_restrictions: The old password specified doesn't match!",
  },
  passwordRejected: (problem, minLength) => ({
    code: ResultCode.constraintViolation,
    message:
      problem === 'tooShort'
        ? `${restrictions} the password is too short. It should be equal or longer than ${minLength} characters!`
        : problem === 'notComplex'
          ? `${restrictions} the password does not meet the complexity criteria!`
          : `${restrictions} the password was already used (in history)!`,
  }),
  resetNotAllowed: {
    code: ResultCode.insufficientAccessRights,
    message: 'error in module acl: insufficient access rights during LDB_MODIFY (50)',
  },
  malformedPassword: {
    code: ResultCode.unwillingToPerform,
    message: "00002035: setup_io: it's not allowed to set the NT hash password directly'",
  },
};

const ldbWait = (code: number, werror: string, name: string): Refusal => ({
  code,
  message: `${werror}: ldb_wait from ../../source4/ldap_server/ldap_backend.c:892 with LDB_WAIT_ALL: ${name} (${code})`,
});

const LDB_WAIT_FAILURES: Readonly<Record<FilterItemFailure['kind'], Refusal>> = {
  inappropriateMatching: ldbWait(ResultCode.inappropriateMatching, '0000202E', 'Inappropriate matching'),
  invalidSyntax: ldbWait(ResultCode.invalidAttributeSyntax, '0000200B', 'Invalid attribute syntax'),
  noSuchAttribute: ldbWait(ResultCode.noSuchAttribute, '0000200A', 'No such attribute'),
};

/** What a search answers when ldb's indexed search, and then its scan of every entry, both fail. */
const FULL_SCAN_FAILED: Refusal = {
  code: ResultCode.operationsError,
  message: '00002020: Indexed and full searches both failed!\n',
};

const unbound: Refusal = {
  code: ResultCode.operationsError,
  message: '00002020: Operation unavailable without authentication',
};

export const sambaProfile: Profile = {
  ...adProfile,
  name: 'samba',
  accounts: ({ directory, now, baseDN }) =>
    new AdAccounts(directory, baseDN, now, {
      texts: sambaAccountTexts,
      unknownUserData: AdBindData.invalidCredentials,
      mustChangeBinds: false,
      complexityForbidsAccountName: false,
      // Samba 4.17 accepts unicodePwd over plain LDAP.
      // Samba's "old password allowed period": the previous password keeps binding for an hour.
      oldPasswordMinutes: 60,
      lastLogonOnBind: false,
      sidAlwaysAssigned: true,
      controlAsNumber: true,
    }),
  bind: {
    ...adProfile.bind,
    // Samba refuses a name with an empty password instead of binding anonymously.
    unauthenticated: {
      code: ResultCode.invalidCredentials,
      message: sambaBindFailure(AdBindData.invalidCredentials),
    },
    anonymousWithPassword: {
      code: ResultCode.invalidCredentials,
      message: sambaBindFailure(AdBindData.invalidCredentials),
    },
    invalidName: {
      code: ResultCode.invalidCredentials,
      message: sambaBindFailure(AdBindData.invalidCredentials),
    },
    saslUnsupported: { code: ResultCode.authMethodNotSupported, message: 'SASL mechanism not supported' },
    failedBindKeepsIdentity: true,
    sidNames: true,
    netbiosUpn: true,
  },
  anonymousOperations: unbound,
  anonymousCompare: true,
  compareAsFilter: {
    unparsable: { code: ResultCode.operationsError, message: '00002020: Unable to parse search expression' },
    noSuchEntry: (dn) => ({ code: ResultCode.noSuchObject, message: `00002030: No such Base DN: ${dn}` }),
  },
  writeSuccessMessage: '00000000: Success',
  violation: sambaViolation,
  writes: { ...adWriteRules, accountControlAsNumber: true },
  errors: {
    ...adProfile.errors,
    insufficientAccess: {
      code: ResultCode.insufficientAccessRights,
      message: 'error in module acl: insufficient access rights during LDB_MODIFY (50)',
    },
    anonymousWrite: unbound,
  },
  // ldap_server.c ldapsrv_load_limits(): conn_idle_time 900 s, as AD's MaxConnIdleTime.
  idleTimeout: 900,
  // No MaxPageSize or MaxValRange: an unpaged search and a plain `member` return everything.
  limits: {
    ...adProfile.limits,
    sizeLimit: 0,
    maxPageSize: 0,
    honourClientSizeLimit: false,
    paging: {
      sizeEstimate: true,
      invalidCookie: {
        code: ResultCode.unwillingToPerform,
        message: 'error in module dsdb_paged_results: Unwilling to perform during LDB_SEARCH (53)',
      },
      abandoned: { message: '' },
      emptyLastPage: true,
      rootDSEUnpaged: true,
    },
  },
  maxValueRange: 0,
  rangePastEnd: undefined,
  honourTypesOnly: false,
  order: 'objectGUID',
  noSuchObject: (dn) => ({
    // The root DSE is no partition's: below it, the partitions module finds no base at all.
    message:
      dn === ''
        ? 'empty base DN at ../../source4/dsdb/samdb/ldb_modules/partition.c:821'
        : 'acl_read: Error retrieving instanceType for base. at ../../source4/dsdb/samdb/ldb_modules/acl_read.c:967',
    matchedDN: '',
  }),
  extendedDNs: {
    notFound: (dn) => ({ code: ResultCode.noSuchObject, message: `Base-DN '${dn}' not found` }),
    invalid: invalidExtendedDN,
  },
  // Without DNS partitions Samba refers only to the Configuration partition.
  rootReferences: (namingContext, secure, scope) => [
    `${secure ? 'ldaps' : 'ldap'}://${dnsDomain(namingContext)}/CN=Configuration,${namingContext}${scope === 'one' ? '??base' : ''}`,
  ],
  tokenGroups: {
    whenFound: true,
    usersOnly: true,
    pagedAsBase: true,
    unindexedSubtree: { refusal: FULL_SCAN_FAILED, indexed: ldbIndexed },
    nonBaseScope: {
      code: ResultCode.operationsError,
      message:
        "00002020: operational_search_post_process failed for attribute 'tokenGroups' - Cannot provide tokenGroups attribute, this is not a BASE search",
    },
  },
  whoAmI: 'unsupported',
  invalidBaseDN: invalidExtendedDN,
  filterLeaves: {
    evaluation: ldbLeaves,
    // ldb's error while it evaluates the base entry; past it, the index and the full scan both fail.
    failed: (kind, scope) => (scope === 'base' ? LDB_WAIT_FAILURES[kind] : FULL_SCAN_FAILED),
    candidates: ldbCandidates,
  },
  rootDSE: {
    ...adProfile.rootDSE,
    anyFilter: true,
    sessionTokenGroups: true,
    vendorName: 'Samba Team (https://www.samba.org)',
    vendorVersion: '4.17.12-Debian',
    // Samba lists some controls more than once; clients see exactly this list.
    supportedControl: [
      '1.2.840.113556.1.4.841',
      '1.2.840.113556.1.4.319',
      '2.16.840.1.113730.3.4.9',
      '1.2.840.113556.1.4.473',
      '1.2.840.113556.1.4.1504',
      '1.2.840.113556.1.4.801',
      '1.2.840.113556.1.4.801',
      '1.2.840.113556.1.4.805',
      '1.2.840.113556.1.4.1338',
      '1.2.840.113556.1.4.529',
      '1.2.840.113556.1.4.417',
      '1.2.840.113556.1.4.2064',
      '1.2.840.113556.1.4.1413',
      '1.2.840.113556.1.4.1339',
      '1.2.840.113556.1.4.1340',
      '1.2.840.113556.1.4.1413',
      '1.2.840.113556.1.4.1341',
      '1.2.840.113556.1.4.1413',
      '1.2.840.113556.1.4.1413',
      '1.2.840.113556.1.4.801',
      '1.2.840.113556.1.4.528',
    ],
    // StartTLS works, but Samba publishes no supportedExtension.
    supportedExtension: [],
    supportedSASLMechanisms: ['GSS-SPNEGO', 'GSSAPI', 'NTLM'],
    noObjectClass: true,
    extra: (namingContext, now) => {
      const { supportedLDAPPolicies: _policies, ...windows } =
        adProfile.rootDSE.extra?.(namingContext, now) ?? {};
      const configuration = `CN=Configuration,${namingContext}`;
      return {
        ...windows,
        namingContexts: [namingContext, configuration, `CN=Schema,${configuration}`],
        supportedCapabilities: [
          '1.2.840.113556.1.4.800',
          '1.2.840.113556.1.4.1670',
          '1.2.840.113556.1.4.1791',
          '1.2.840.113556.1.4.1935',
          '1.2.840.113556.1.4.2080',
        ],
        supportedLDAPVersion: ['2', '3'],
        domainFunctionality: ['4'],
        forestFunctionality: ['4'],
        domainControllerFunctionality: ['4'],
      };
    },
  },
  // CN=Aggregate is an object of the schema partition, with the attributes every object has.
  subschema: {
    ...adProfile.subschema,
    leaf: true,
    entry: (dn, started) => {
      const stamp = `${started.toISOString().replace(/[-:T]/g, '').slice(0, 14)}.0Z`;
      const schemaNC = dn.slice(dn.indexOf(',') + 1);
      return {
        name: ['Aggregate'],
        instanceType: ['4'],
        whenCreated: [stamp],
        whenChanged: [stamp],
        uSNCreated: ['2011'],
        uSNChanged: ['2011'],
        showInAdvancedViewOnly: ['FALSE'],
        objectGUID: [createHash('md5').update(dn.toLowerCase()).digest()],
        systemFlags: ['134217728'],
        objectCategory: [`CN=SubSchema,${schemaNC}`],
        distinguishedName: [dn],
      };
    },
  },
  unsupportedExtendedOperation: (oid) => ({
    code: ResultCode.protocolError,
    message: `Extended Operation(${oid}) not supported`,
    responseName: oid,
  }),
  startTls: {
    alreadyStarted: {
      code: ResultCode.operationsError,
      message: 'START-TLS: TLS is already enabled on this LDAP session',
    },
    responseName: true,
    resetsIdentity: false,
  },
  rewriteFilter: (filter, { namingContext, schema, attributes }) =>
    endValuesAtNul(
      expandAdFilter(
        extensibleAsEquality(resolveFilterOids(filter, schema, attributes ?? [])),
        namingContext,
      ),
      schema,
    ),
};
