/**
 * Turns raw LDAP responses into comparable JSON observations. Every normalisation below removes a
 * difference that is either non-deterministic (two runs of the same slapd differ) or an intended,
 * documented deviation; anything else is kept verbatim so the differential suite sees it.
 *
 * 1. Entries are sorted by DN (case-insensitively, then exactly); the DN string itself is kept as
 *    sent. slapd returns subtree results in back-mdb's index order (children sorted by RDN length,
 *    then bytes), which no client may rely on (RFC 4511 §4.5.2). Probes whose result is truncated
 *    (size limits, pages) therefore search ou=bulk, where that order equals the fixture's order.
 * 2. Attributes are keyed by the type name exactly as sent (slapd sends the schema's NAME, e.g.
 *    memberOf for a request of MEMBEROF) and ordered case-insensitively; values are sorted
 *    (attribute values are sets, RFC 4512 §2.3).
 * 3. Values of operational attributes that a server generates are compared by shape only:
 *    entryUUID → <uuid>; entryCSN, contextCSN → <csn>; createTimestamp, modifyTimestamp,
 *    pwdChangedTime, pwdFailureTime, pwdLastSuccess, pwdAccountLockedTime (except the literal
 *    000001010000Z "locked until an administrator unlocks") → <generalizedTime>. The number of
 *    values is kept (it counts failed binds in pwdFailureTime). A value with the wrong shape is
 *    reported as <not a …: value>.
 * 4. userPassword values → <password>: slapd stores a salted {SSHA} hash of the cleartext
 *    (olcPPolicyHashCleartext), so even two slapd runs differ; the mock may store cleartext.
 * 5. Paged-results cookies → '' (last page) or <cookie>: slapd's is an 8-byte entry ID, the
 *    mock's is its own; only "is there another page" is meaningful to a client.
 * 6. Diagnostic texts are kept exactly, except that errors observed through the ldapts Client
 *    lose the " Code: 0x…" suffix ldapts appends to the server's text.
 * 7. Non-UTF-8 values are shown as base64:<…> so that binary data compares byte-exactly.
 *
 * Active Directory (Samba AD DC vs the mock's samba profile; both hold fixtures/ad/default.ldif,
 * loaded into Samba with the fixture's domain SID, objectSid and objectGUID values):
 * 8. objectSid and tokenGroups (binary SIDs) are shown in their S-1-… string form, exactly:
 *    samba-ad-up.sh keeps the fixture's SIDs, so they are equal on both sides; anything that is
 *    not a SID shows as <not a SID: hex>.
 * 9. objectGUID → <guid> (16 bytes) or <not a GUID: hex>: Samba generates the GUIDs of the objects
 *    it provisions itself (built-in accounts and groups, containers), so only the shape is
 *    comparable; probes that need a GUID read it on each server first.
 * 10. Stamps a directory writes as it goes: whenCreated, whenChanged, currentTime (rootDSE)
 *    → <generalizedTime>; uSNCreated, uSNChanged, highestCommittedUSN → <usn>;
 *    dSCorePropagationData → <generalizedTime>. FILETIME attributes that record events
 *    (pwdLastSet, lastLogon, lastLogonTimestamp, lastLogoff, badPasswordTime, lockoutTime,
 *    creationTime) keep their special values 0 ("never"/"not locked"/"must change") and
 *    9223372036854775807, and any other value → <filetime>: Samba stamps "now" where the fixture
 *    has a fixed past instant.
 */
import { decodeSid } from '../../src/core/sid.js';
import type { EntryMessage, ResultMessage, WireControl } from './wire/response-decoder.js';

export type Observed =
  | null
  | boolean
  | number
  | string
  | readonly Observed[]
  | { readonly [key: string]: Observed };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeValue(value: Buffer): string {
  try {
    return utf8.decode(value);
  } catch {
    return `base64:${value.toString('base64')}`;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CSN = /^\d{14}\.\d{6}Z#[0-9a-f]{6}#[0-9a-f]{3}#[0-9a-f]{6}$/;
const GENERALIZED_TIME = /^\d{14}(?:[.,]\d{1,6})?Z$/;
/** ppolicy's "locked until an administrator removes it" marker, deterministic by design. */
const PERMANENT_LOCK = '000001010000Z';

type ValueShaper = (value: string) => string;

function shape(name: string, pattern: RegExp): ValueShaper {
  return (value) => (pattern.test(value) ? `<${name}>` : `<not a ${name}: ${value}>`);
}

const generalizedTime = shape('generalizedTime', GENERALIZED_TIME);

const USN = /^\d+$/;
const FILETIME = /^\d{15,19}$/;
/** FILETIME values with a meaning of their own: 0 (never / not locked / must change) and "never". */
const FILETIME_SPECIAL: ReadonlySet<string> = new Set(['0', '9223372036854775807']);
const FILETIME_EVENTS = [
  'pwdlastset',
  'lastlogon',
  'lastlogontimestamp',
  'lastlogoff',
  'badpasswordtime',
  'lockouttime',
  'creationtime',
];
const filetimeEvent: ValueShaper = (value) =>
  FILETIME_SPECIAL.has(value) ? value : FILETIME.test(value) ? '<filetime>' : `<not a filetime: ${value}>`;

/** Lower-cased attribute type → how its values are compared (see the header, items 3 and 4). */
const VALUE_SHAPERS: ReadonlyMap<string, ValueShaper> = new Map<string, ValueShaper>([
  ['entryuuid', shape('uuid', UUID)],
  ['entrycsn', shape('csn', CSN)],
  ['contextcsn', shape('csn', CSN)],
  ['createtimestamp', generalizedTime],
  ['modifytimestamp', generalizedTime],
  ['pwdchangedtime', generalizedTime],
  ['pwdfailuretime', generalizedTime],
  ['pwdlastsuccess', generalizedTime],
  ['pwdaccountlockedtime', (value) => (value === PERMANENT_LOCK ? value : generalizedTime(value))],
  ['userpassword', () => '<password>'],
  // Active Directory (item 10 of the header).
  ['whencreated', generalizedTime],
  ['whenchanged', generalizedTime],
  ['currenttime', generalizedTime],
  ['dscorepropagationdata', generalizedTime],
  ['usncreated', shape('usn', USN)],
  ['usnchanged', shape('usn', USN)],
  ['highestcommittedusn', shape('usn', USN)],
  ...FILETIME_EVENTS.map((name): [string, ValueShaper] => [name, filetimeEvent]),
]);

/** Binary values compared by what they mean rather than by their bytes (items 8 and 9). */
type BinaryShaper = (value: Buffer) => string;

function sidText(value: Buffer): string {
  try {
    return decodeSid(value);
  } catch {
    return `<not a SID: ${value.toString('hex')}>`;
  }
}

const BINARY_SHAPERS: ReadonlyMap<string, BinaryShaper> = new Map<string, BinaryShaper>([
  ['objectsid', sidText],
  ['tokengroups', sidText],
  ['tokengroupsglobalanduniversal', sidText],
  ['objectguid', (value) => (value.length === 16 ? '<guid>' : `<not a GUID: ${value.toString('hex')}>`)],
]);

export interface NormalisedEntry {
  readonly dn: string;
  readonly attributes: { readonly [type: string]: readonly string[] };
}

function byLowerThenExact(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lower-cased attribute type without options: `member;range=0-*` → `member`. */
function baseType(type: string): string {
  const semicolon = type.indexOf(';');
  return (semicolon === -1 ? type : type.slice(0, semicolon)).toLowerCase();
}

export function normaliseEntry(entry: EntryMessage): NormalisedEntry {
  const attributes: Record<string, string[]> = {};
  const types = entry.attributes.map((a) => a.type).sort(byLowerThenExact);
  for (const type of types) {
    const attribute = entry.attributes.find((a) => a.type === type);
    if (attribute === undefined) continue;
    const binaryShaper = BINARY_SHAPERS.get(baseType(type));
    const shaper = VALUE_SHAPERS.get(baseType(type));
    const values =
      binaryShaper === undefined
        ? attribute.values.map(decodeValue).map((v) => (shaper === undefined ? v : shaper(v)))
        : attribute.values.map(binaryShaper);
    // A type sent twice in one entry is a protocol oddity worth seeing, so keep both lists.
    attributes[type] = [...(attributes[type] ?? []), ...values].sort();
  }
  return { dn: entry.dn, attributes };
}

export function normaliseEntries(entries: readonly EntryMessage[]): NormalisedEntry[] {
  return entries.map(normaliseEntry).sort((a, b) => byLowerThenExact(a.dn, b.dn));
}

export const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319';
export const PPOLICY_OID = '1.3.6.1.4.1.42.2.27.8.5.1';

/** Reads one BER length at `offset`; returns [length, offset after the length octets]. */
function readLength(buffer: Buffer, offset: number): [number, number] {
  const first = buffer[offset];
  if (first === undefined) throw new Error('truncated length');
  if (first < 0x80) return [first, offset + 1];
  const count = first & 0x7f;
  let length = 0;
  for (let i = 1; i <= count; i++) length = length * 256 + (buffer[offset + i] ?? 0);
  return [length, offset + 1 + count];
}

function readInteger(buffer: Buffer, offset: number, length: number): number {
  let value = (buffer[offset] ?? 0) & 0x80 ? -1 : 0;
  for (let i = 0; i < length; i++) value = value * 256 + (buffer[offset + i] ?? 0);
  return value;
}

/** Elements of a constructed BER value: [tag, contentOffset, contentLength][]. */
function children(buffer: Buffer, start: number, end: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  let offset = start;
  while (offset < end) {
    const tag = buffer[offset] as number;
    const [length, contentOffset] = readLength(buffer, offset + 1);
    out.push([tag, contentOffset, length]);
    offset = contentOffset + length;
  }
  return out;
}

/** RFC 2696 value: SEQUENCE { size INTEGER, cookie OCTET STRING }. */
export function decodePagedValue(value: Buffer): { size: number; cookie: Buffer } {
  const [seqLength, seqOffset] = readLength(value, 1);
  const [sizeElement, cookieElement] = children(value, seqOffset, seqOffset + seqLength);
  if (sizeElement === undefined || cookieElement === undefined)
    throw new Error('malformed paged-results value');
  return {
    size: readInteger(value, sizeElement[1], sizeElement[2]),
    cookie: value.subarray(cookieElement[1], cookieElement[1] + cookieElement[2]),
  };
}

const PPOLICY_ERRORS = [
  'passwordExpired',
  'accountLocked',
  'changeAfterReset',
  'passwordModNotAllowed',
  'mustSupplyOldPassword',
  'insufficientPasswordQuality',
  'passwordTooShort',
  'passwordTooYoung',
  'passwordInHistory',
  'passwordTooLong',
];

/** draft-behera-ldap-password-policy response value: warning [0] CHOICE, error [1] ENUMERATED. */
function decodePpolicyValue(value: Buffer): { [key: string]: Observed } {
  const [seqLength, seqOffset] = readLength(value, 1);
  const out: { [key: string]: Observed } = {};
  for (const [tag, offset, length] of children(value, seqOffset, seqOffset + seqLength)) {
    if (tag === 0xa0) {
      for (const [innerTag, innerOffset, innerLength] of children(value, offset, offset + length)) {
        const name = innerTag === 0x80 ? 'timeBeforeExpiration' : 'graceAuthNsRemaining';
        out[name] = readInteger(value, innerOffset, innerLength);
      }
    } else if (tag === 0x81) {
      const code = readInteger(value, offset, length);
      out['error'] = `${code} ${PPOLICY_ERRORS[code] ?? 'unknown'}`;
    }
  }
  return out;
}

export function normaliseControl(control: WireControl): { [key: string]: Observed } {
  const base = { oid: control.oid, critical: control.critical };
  if (control.value === undefined) return { ...base, value: null };
  try {
    if (control.oid === PAGED_RESULTS_OID) {
      const { size, cookie } = decodePagedValue(control.value);
      return { ...base, size, cookie: cookie.length === 0 ? '' : '<cookie>' };
    }
    if (control.oid === PPOLICY_OID) return { ...base, ppolicy: decodePpolicyValue(control.value) };
  } catch (error) {
    return { ...base, undecodable: `${(error as Error).message}: ${control.value.toString('hex')}` };
  }
  return { ...base, value: control.value.toString('hex') };
}

export interface ResultOptions {
  /** How to show an extended response value (default: as text when UTF-8, else base64). */
  readonly extendedValue?: (value: Buffer) => Observed;
}

export function normaliseResult(
  result: ResultMessage,
  options: ResultOptions = {},
): { [key: string]: Observed } {
  const out: { [key: string]: Observed } = {
    code: result.resultCode,
    diagnostic: result.diagnosticMessage,
    matchedDN: result.matchedDN,
  };
  if (result.controls.length > 0) out['controls'] = result.controls.map(normaliseControl);
  if (result.referrals.length > 0) out['referrals'] = result.referrals;
  if (result.extendedName !== undefined) out['responseName'] = result.extendedName;
  if (result.extendedValue !== undefined) {
    out['responseValue'] = (options.extendedValue ?? decodeValue)(result.extendedValue);
  }
  return out;
}

const LDAPTS_CODE_SUFFIX = / Code: 0x[0-9a-f]+$/;

/** An error thrown by the ldapts Client: its result code and the server's text without ldapts' suffix. */
export function normaliseClientError(error: unknown): { [key: string]: Observed } {
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'number') {
    return {
      code: (error as Error & { code: number }).code,
      diagnostic: error.message.replace(LDAPTS_CODE_SUFFIX, ''),
      errorClass: error.name,
    };
  }
  return { error: error instanceof Error ? error.message : String(error) };
}

const CLI_PAGED_CONTROL = /^(control: 1\.2\.840\.113556\.1\.4\.319 (?:true|false) )(\S+)$/gm;
const CLI_COOKIE = /^(pagedresults: cookie=)(\S+)$/gm;

/**
 * ldap-utils output with paged-results cookies reduced to their shape (item 5 of the header):
 * `control: 1.2.840.113556.1.4.319 false <base64>` shows the decoded size and cookie shape.
 */
export function normaliseLdapToolOutput(text: string): string {
  return text
    .replace(CLI_PAGED_CONTROL, (_, prefix: string, base64: string) => {
      try {
        const { size, cookie } = decodePagedValue(Buffer.from(base64, 'base64'));
        return `${prefix}<size=${size} cookie=${cookie.length === 0 ? "''" : '<cookie>'}>`;
      } catch {
        return `${prefix}<undecodable ${base64}>`;
      }
    })
    .replace(CLI_COOKIE, '$1<cookie>');
}
