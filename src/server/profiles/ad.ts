/**
 * A Windows Server Active Directory domain controller (research/server-anchors.md §B). Samba AD
 * is this profile with its documented differences overridden (samba.ts). Diagnostics end in NUL,
 * as AD's do; `SvcErr`/`NameErr`/`AtrErr` texts also end in a newline before it.
 */
import { AdBindData } from '../../core/active-directory.js';
import { dnsDomain } from '../../core/dns-domain.js';
import { ExtendedOid } from '../../core/extended-operations.js';
import { ResultCode } from '../../core/result-code.js';
import type { AdAccountTexts } from '../accounts/ad-account-context.js';
import { AdAccounts } from '../accounts/ad-accounts.js';
import { adCreationStamps, adModificationStamps } from '../directory/operational-stamps.js';
import { adSchema } from '../directory/schema-ad.js';
import { expandAdFilter } from '../matching/ad-filter.js';
import { bitAndRule, bitOrRule } from '../matching/extensible-rules.js';
import { inChainRule } from '../matching/in-chain-rule.js';
import type { Refusal } from '../operations.js';
import { adWriteRules } from './ad-write-rules.js';
import type { Profile } from './profile.js';
import { sambaViolation } from './samba-violations.js';

const build = 'v4563';

/** The AcceptSecurityContext text of a failed bind; `data` says why (52e, 533, 701, 773, 775…). */
/** A `<SID=…>` / `<GUID=…>` that does not parse. */
export const invalidExtendedDN: Refusal = {
  code: ResultCode.invalidDNSyntax,
  message: "00002032: ldb_search: invalid basedn '(null)'",
};

const windowsBindFailure = (data: string) =>
  `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, ${build}\u0000`;

const windowsAccountTexts: AdAccountTexts = {
  bindFailure: windowsBindFailure,
  wrongOldPassword: {
    code: ResultCode.constraintViolation,
    message:
      '00000056: AtrErr: DSID-03191083, #1:\n\t0: 00000056: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n\u0000',
  },
  passwordRejected: () => ({
    code: ResultCode.constraintViolation,
    message:
      '0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n\u0000',
  }),
  resetNotAllowed: {
    code: ResultCode.insufficientAccessRights,
    message: '00000005: SecErr: DSID-03152857, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n\u0000',
  },
  malformedPassword: {
    code: ResultCode.unwillingToPerform,
    message: '0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n\u0000',
  },
};

const unbound: Refusal = {
  code: ResultCode.operationsError,
  message: `000004DC: LdapErr: DSID-0C090A5A, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, ${build}\u0000`,
};

/** supportedControl of a Windows Server 2016 DC (prefix 1.2.840.113556.1.4 unless noted). */
const windowsControls = [
  '1.2.840.113556.1.4.319',
  '1.2.840.113556.1.4.801',
  '1.2.840.113556.1.4.473',
  '1.2.840.113556.1.4.528',
  '1.2.840.113556.1.4.417',
  '1.2.840.113556.1.4.619',
  '1.2.840.113556.1.4.841',
  '1.2.840.113556.1.4.529',
  '1.2.840.113556.1.4.805',
  '1.2.840.113556.1.4.521',
  '1.2.840.113556.1.4.970',
  '1.2.840.113556.1.4.1338',
  '1.2.840.113556.1.4.474',
  '1.2.840.113556.1.4.1339',
  '1.2.840.113556.1.4.1340',
  '1.2.840.113556.1.4.1413',
  '2.16.840.1.113730.3.4.9',
  '2.16.840.1.113730.3.4.10',
  '1.2.840.113556.1.4.1504',
  '1.2.840.113556.1.4.1852',
  '1.2.840.113556.1.4.802',
  '1.2.840.113556.1.4.1907',
  '1.2.840.113556.1.4.1948',
  '1.2.840.113556.1.4.1974',
  '1.2.840.113556.1.4.1341',
  '1.2.840.113556.1.4.2026',
  '1.2.840.113556.1.4.2064',
  '1.2.840.113556.1.4.2065',
  '1.2.840.113556.1.4.2066',
  '1.2.840.113556.1.4.2090',
  '1.2.840.113556.1.4.2205',
  '1.2.840.113556.1.4.2204',
  '1.2.840.113556.1.4.2206',
  '1.2.840.113556.1.4.2211',
  '1.2.840.113556.1.4.2239',
  '1.2.840.113556.1.4.2255',
  '1.2.840.113556.1.4.2256',
  '1.2.840.113556.1.4.2309',
];

export const netbiosDomain = 'CORP';

/** The host name the emulated DC has in its domain. */
const dcName = 'dc1';

export const adProfile: Profile = {
  name: 'ad',
  schema: adSchema,
  // AD publishes neither matching rules nor syntaxes in its subschema.
  matchingRules: [],
  ldapSyntaxes: [],
  dnStyle: 'ad',
  hashCleartextPasswords: false,
  accounts: ({ directory, now, baseDN }) =>
    new AdAccounts(directory, baseDN, now, {
      texts: windowsAccountTexts,
      unknownUserData: AdBindData.invalidCredentials,
      mustChangeBinds: false,
      complexityForbidsAccountName: true,
      plaintextPasswordWrite: {
        code: ResultCode.unwillingToPerform,
        message: '00002077: SvcErr: DSID-03190F9E, problem 5003 (WILL_NOT_PERFORM), data 0\n\u0000',
      },
    }),
  bind: {
    // RFC 4513 §5.1.2: a name with an empty password is an unauthenticated bind, which AD accepts as anonymous.
    unauthenticated: 'anonymous',
    anonymousWithPassword: {
      code: ResultCode.invalidCredentials,
      message: windowsBindFailure(AdBindData.invalidCredentials),
    },
    saslUnsupported: {
      code: ResultCode.authMethodNotSupported,
      message: `00002027: LdapErr: DSID-0C090528, comment: Unknown authentication mechanism, data 0, ${build}\u0000`,
    },
    // A name that is no DN and resolves to no account is a failed logon, not a syntax error.
    invalidName: {
      code: ResultCode.invalidCredentials,
      message: windowsBindFailure(AdBindData.invalidCredentials),
    },
    failedBindKeepsIdentity: false,
    upnNames: true,
    netbiosDomain,
  },
  anonymousOperations: unbound,
  anonymousCompare: false,
  writeSuccessMessage: '',
  administratorGroups: ['CN=Domain Admins,CN=Users'],
  // Samba's words (measured), unverified against Windows; but a missing entry gets Windows' NameErr.
  violation: (violation, context) =>
    violation.kind === 'noSuchEntry'
      ? {
          code: ResultCode.noSuchObject,
          ...adProfile.noSuchObject(context?.dn ?? '', violation.matchedDN),
        }
      : sambaViolation(violation, context),
  writes: adWriteRules,
  errors: {
    insufficientAccess: {
      code: ResultCode.insufficientAccessRights,
      message: '00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n\u0000',
    },
    anonymousWrite: unbound,
  },
  // MaxConnIdleTime: 900 s by default; the DC then closes the connection.
  idleTimeout: 900,
  // MaxPageSize 1000 (KB 315071): an unpaged search stops there with sizeLimitExceeded; pages are capped too.
  limits: {
    sizeLimit: 1000,
    pagedTotalCappedBySizeLimit: false,
    maxPageSize: 1000,
    honourClientSizeLimit: true,
    paging: {
      sizeEstimate: false,
      invalidCookie: {
        code: ResultCode.unwillingToPerform,
        message: `00002024: LdapErr: DSID-0C090BD9, comment: Error processing control, data 0, ${build}\u0000`,
      },
      abandoned: { message: '' },
      emptyLastPage: false,
    },
  },
  order: 'stored',
  honourTypesOnly: true,
  plusMeansOperational: false,
  noSuchObject: (_dn, matched) => ({
    message: `0000208D: NameErr: DSID-03100245, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'${matched}'\n\u0000`,
    matchedDN: matched,
  }),
  maxValueRange: 1500,
  // MS-ADTS 3.1.1.3.1.3.3; the text is Windows' generic operations error (not observed here: no Windows DC in CI).
  rangePastEnd: {
    code: ResultCode.operationsError,
    message: `000020EF: SvcErr: DSID-03100B69, problem 5012 (DIR_ERROR), data 0\n\u0000`,
  },
  rootReferences: (namingContext, secure, scope) => {
    const domain = dnsDomain(namingContext);
    const scheme = secure ? 'ldaps' : 'ldap';
    const suffix = scope === 'one' ? '??base' : '';
    return [
      `${scheme}://ForestDnsZones.${domain}/DC=ForestDnsZones,${namingContext}${suffix}`,
      `${scheme}://DomainDnsZones.${domain}/DC=DomainDnsZones,${namingContext}${suffix}`,
      `${scheme}://${domain}/CN=Configuration,${namingContext}${suffix}`,
    ];
  },
  extendedDNs: {
    notFound: () => ({
      code: ResultCode.noSuchObject,
      message: `0000208D: NameErr: DSID-03100245, problem 2001 (NO_OBJECT), data 0, best match of:\n\t''\n\u0000`,
    }),
    // Samba's text, observed; a Windows DC's is unverified.
    invalid: invalidExtendedDN,
  },
  namingAttributes: true,
  stamps: { creation: adCreationStamps, modification: adModificationStamps },
  rewriteFilter: (filter, { namingContext }) => expandAdFilter(filter, namingContext),
  memberOfIsOperational: false,
  memberOfGroups: { objectClasses: ['group'], memberAttribute: 'member' },
  referentialIntegrity: ['member'],
  tokenGroups: {
    nonBaseScope: {
      code: ResultCode.operationsError,
      message: '00002120: SvcErr: DSID-03140293, problem 5012 (DIR_ERROR), data 0\n\u0000',
    },
  },
  unreadableAttributes: ['unicodePwd', 'ntPwdHistory', 'dBCSPwd', 'lmPwdHistory', 'supplementalCredentials'],
  ownerReadableAttributes: ['userPassword'],
  extensibleRules: new Map([
    ['1.2.840.113556.1.4.803', bitAndRule],
    ['1.2.840.113556.1.4.804', bitOrRule],
    ['1.2.840.113556.1.4.1941', inChainRule({ link: 'member', backLink: 'memberOf' })],
  ]),
  whoAmI: 'netbios',
  rootDSE: {
    supportedFeatures: [],
    supportedControl: windowsControls,
    supportedExtension: [
      ExtendedOid.startTls,
      '1.3.6.1.4.1.1466.101.119.1',
      '1.2.840.113556.1.4.1781',
      ExtendedOid.whoAmI,
      '1.2.840.113556.1.4.2212',
    ],
    supportedSASLMechanisms: ['GSSAPI', 'GSS-SPNEGO', 'EXTERNAL', 'DIGEST-MD5'],
    operationalAttributes: false,
    extra: (namingContext, now) => {
      const domain = dnsDomain(namingContext);
      const configuration = `CN=Configuration,${namingContext}`;
      const server = `CN=${dcName.toUpperCase()},CN=Servers,CN=Default-First-Site-Name,CN=Sites,${configuration}`;
      return {
        currentTime: [`${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}.0Z`],
        dsServiceName: [`CN=NTDS Settings,${server}`],
        namingContexts: [
          namingContext,
          configuration,
          `CN=Schema,${configuration}`,
          `DC=DomainDnsZones,${namingContext}`,
          `DC=ForestDnsZones,${namingContext}`,
        ],
        defaultNamingContext: [namingContext],
        rootDomainNamingContext: [namingContext],
        configurationNamingContext: [configuration],
        schemaNamingContext: [`CN=Schema,${configuration}`],
        serverName: [server],
        supportedLDAPVersion: ['3', '2'],
        supportedLDAPPolicies: [
          'MaxPoolThreads',
          'MaxPercentDirSyncRequests',
          'MaxDatagramRecv',
          'MaxReceiveBuffer',
          'InitRecvTimeout',
          'MaxConnections',
          'MaxConnIdleTime',
          'MaxPageSize',
          'MaxBatchReturnMessages',
          'MaxQueryDuration',
          'MaxDirSyncDuration',
          'MaxTempTableSize',
          'MaxResultSetSize',
          'MinResultSets',
          'MaxResultSetsPerConn',
          'MaxNotificationPerConn',
          'MaxValRange',
          'MaxValRangeTransitive',
          'ThreadMemoryLimit',
          'SystemMemoryLimitPercent',
        ],
        highestCommittedUSN: ['12802'],
        supportedCapabilities: [
          '1.2.840.113556.1.4.800',
          '1.2.840.113556.1.4.1670',
          '1.2.840.113556.1.4.1791',
          '1.2.840.113556.1.4.1935',
          '1.2.840.113556.1.4.2080',
          '1.2.840.113556.1.4.2237',
        ],
        dnsHostName: [`${dcName}.${domain}`],
        ldapServiceName: [`${domain}:${dcName}$@${domain.toUpperCase()}`],
        isSynchronized: ['TRUE'],
        isGlobalCatalogReady: ['TRUE'],
        domainFunctionality: ['7'],
        forestFunctionality: ['7'],
        domainControllerFunctionality: ['7'],
      };
    },
  },
  subschema: {
    dn: (namingContext) => `CN=Aggregate,CN=Schema,CN=Configuration,${namingContext}`,
    objectClasses: ['top', 'subSchema'],
  },
  unsupportedExtendedOperation: () => ({
    code: ResultCode.protocolError,
    message: `0000203D: LdapErr: DSID-0C0C0F3A, comment: Unknown extended request OID, data 0, ${build}\u0000`,
  }),
  startTls: {
    alreadyStarted: {
      code: ResultCode.operationsError,
      message: `00002025: LdapErr: DSID-0C0911D3, comment: TLS or SSL already in effect, data 0, ${build}\u0000`,
    },
    responseName: true,
    resetsIdentity: false,
  },
};
