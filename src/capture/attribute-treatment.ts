/**
 * What a capture does with each attribute, decided by its name and, through the emulated
 * server's schema, its syntax: numbers, times, flags and object classes stay; DNs are mapped;
 * SIDs and GUIDs replaced in structure; passwords set to the capture's one; octets dropped
 * (photos, certificates); everything else is text, and pseudonymised.
 */
import { SyntaxOid } from '../core/syntaxes.js';
import type { ResolvedAttributeType } from '../server/directory/schema-attribute-types.js';
import { isSecretAttribute } from '../server/journal/secret-attributes.js';

export type Treatment =
  | 'keep'
  | 'text'
  | 'label'
  | 'address'
  | 'domain'
  | 'dn'
  | 'dn-binary'
  | 'sid'
  | 'guid'
  | 'password'
  | 'drop';

/** What the server maintains itself, or computes: the mock does it again (scripts/capture-samba-provision.ts leaves it out too). */
export const SERVER_MAINTAINED: ReadonlySet<string> = new Set(
  [
    'whenCreated',
    'whenChanged',
    'uSNCreated',
    'uSNChanged',
    'dSCorePropagationData',
    'distinguishedName',
    'name',
    'memberOf',
    'lastLogon',
    'lastLogonTimestamp',
    'logonCount',
    'badPwdCount',
    'badPasswordTime',
    'lockoutTime',
    'objectGUID',
    'replPropertyMetaData',
    'nTSecurityDescriptor',
    'createTimestamp',
    'modifyTimestamp',
    'creatorsName',
    'modifiersName',
    'entryUUID',
    'entryCSN',
    'structuralObjectClass',
    'hasSubordinates',
    'subschemaSubentry',
    'entryDN',
    'pwdChangedTime',
    'pwdHistory',
    'pwdFailureTime',
    'pwdAccountLockedTime',
  ].map((name) => name.toLowerCase()),
);

const BY_NAME: ReadonlyMap<string, Treatment> = new Map<string, Treatment>(
  Object.entries({
    objectclass: 'keep',
    objectsid: 'sid',
    sidhistory: 'sid',
    securityidentifier: 'sid',
    objectguid: 'guid',
    mail: 'address',
    rfc822mailbox: 'address',
    userprincipalname: 'address',
    proxyaddresses: 'address',
    othermailbox: 'address',
    dc: 'label',
    dnshostname: 'domain',
    dnsroot: 'domain',
    userpassword: 'password',
    unicodepwd: 'password',
  } satisfies Record<string, Treatment>) as [string, Treatment][],
);

/** Syntaxes whose values identify no one: numbers, flags, times, OIDs, AD's large integers. */
const KEPT_SYNTAXES: ReadonlySet<string> = new Set([
  SyntaxOid.integer,
  '1.3.6.1.4.1.1466.115.121.1.7', // Boolean
  '1.3.6.1.4.1.1466.115.121.1.24', // Generalized Time
  '1.3.6.1.4.1.1466.115.121.1.53', // UTC Time
  '1.3.6.1.4.1.1466.115.121.1.38', // OID
  '1.2.840.113556.1.4.906', // AD Large Integer
  '1.2.840.113556.1.4.907', // AD Object Security Descriptor: dropped as server-maintained anyway
]);

const DN_BINARY_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.113556.1.4.903', // DN-Binary (wellKnownObjects: B:32:<GUID>:<DN>)
  '1.2.840.113556.1.4.904', // DN-String
]);

export function treatmentOf(description: string, type: ResolvedAttributeType): Treatment {
  const name = description.split(';')[0]!.toLowerCase();
  if (SERVER_MAINTAINED.has(name) && name !== 'objectguid') return 'drop';
  const byName = BY_NAME.get(name);
  if (byName) return byName;
  if (isSecretAttribute(name)) return 'drop';
  if (!type.known) return 'text';
  const syntax = type.syntax ?? '';
  if (syntax === SyntaxOid.distinguishedName) return 'dn';
  if (DN_BINARY_SYNTAXES.has(syntax)) return 'dn-binary';
  if (KEPT_SYNTAXES.has(syntax)) return 'keep';
  if (type.binary) return 'drop';
  return 'text';
}
