/**
 * `capture`: a real directory read (read-only, paged, range-aware) into a fixture that keeps its
 * shape — nesting, cycles, group sizes, odd characters, case, schema mix — with nobody's data in
 * it: names, mails, phones and descriptions pseudonymised consistently, SIDs and GUIDs replaced,
 * every password set to one known value, built-in principals left as they are.
 */
import { randomBytes } from 'node:crypto';
import { parseDN } from '../core/dn-parse.js';
import type { LdifRecord, LdifValue } from '../core/ldif.js';
import { writeLdif } from '../core/ldif-writer.js';
import { decodeSid } from '../core/sid.js';
import type { Schema } from '../server/directory/schema.js';
import { emptyDirectory } from '../server/load-directory.js';
import { type ProfileName, registeredProfile } from '../server/profiles/registry.js';
import { Anonymiser } from './anonymiser.js';
import { treatmentOf } from './attribute-treatment.js';
import { isActiveDirectory, profileOfRootDSE } from './detect-profile.js';
import { type CaptureSource, type ReadEntry, ReadOnlyDirectory } from './read-directory.js';
import { captureSchema } from './schema-capture.js';
import { type CaptureReport, shapeReport } from './shape-report.js';

export interface CaptureOptions extends CaptureSource {
  /** Where to read from (default: the server's first naming context). */
  readonly base?: string | undefined;
  /** Stop after this many entries (default 100,000). */
  readonly maxEntries?: number | undefined;
  /** Which server it is; default: guessed from the rootDSE. */
  readonly profile?: ProfileName | undefined;
  /** The password every account gets (default: one printed in the header). */
  readonly password?: string | undefined;
  /** Copy the data as it is, not pseudonymised: only with `confirmKeepData` too. */
  readonly keepData?: boolean | undefined;
  readonly confirmKeepData?: boolean | undefined;
  /** Also read the server's schema definitions the emulated profile lacks. */
  readonly schema?: boolean | undefined;
  /** The key of the pseudonyms; default random (a capture's pseudonyms are its own). */
  readonly secret?: Buffer | undefined;
  readonly onProgress?: ((entries: number) => void) | undefined;
}

export interface CaptureResult {
  readonly profile: ProfileName;
  /** The fixture, with a header naming the profile and the password. */
  readonly ldif: string;
  /** Custom schema definitions (LDIF), when asked for and found. */
  readonly schemaLdif?: string | undefined;
  readonly password: string;
  readonly base: string;
  readonly truncated: boolean;
  readonly report: CaptureReport;
  /** What the capture turned each original into (in memory only, never written): "which one is our alice?". */
  readonly pseudonyms: Pick<Anonymiser, 'text' | 'dn' | 'address'>;
}

export const DEFAULT_CAPTURE_PASSWORD = 'Captured-Passw0rd!';
const DEFAULT_MAX_ENTRIES = 100_000;

/** Container names every directory has: kept, they identify no one. */
const WELL_KNOWN_CONTAINERS = [
  'people',
  'users',
  'groups',
  'accounts',
  'computers',
  'hosts',
  'services',
  'system',
  'builtin',
  'policies',
  'pwpolicies',
  'roles',
  'Domain Controllers',
  'ForeignSecurityPrincipals',
  'Program Data',
  'Managed Service Accounts',
  'LostAndFound',
  'Infrastructure',
  'NTDS Quotas',
  'TPM Devices',
  'Keys',
];

export class CaptureError extends Error {
  override readonly name = 'CaptureError';
}

export async function capture(options: CaptureOptions): Promise<CaptureResult> {
  if (options.keepData && !options.confirmKeepData) {
    throw new CaptureError(
      'keeping the data needs a second, explicit confirmation (--keep-data --i-understand-this-copies-personal-data)',
    );
  }
  const directory = await ReadOnlyDirectory.open(options);
  try {
    const rootDSE = await directory.rootDSE();
    const profile = options.profile ?? profileOfRootDSE(rootDSE);
    const base = options.base ?? rootDSE['defaultnamingcontext']?.[0] ?? rootDSE['namingcontexts']?.[0];
    if (!base) throw new CaptureError('the server names no naming context: give --base');
    const max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    const read = await directory.readSubtree(base, max, (p) => options.onProgress?.(p.entries));
    const loaded = await registeredProfile(profile)!.load();
    const schema = emptyDirectory(loaded).schema;
    const password = options.password ?? DEFAULT_CAPTURE_PASSWORD;
    const anonymiser = new Anonymiser(options.secret ?? randomBytes(32));
    const ad = isActiveDirectory(rootDSE);
    for (const name of WELL_KNOWN_CONTAINERS) anonymiser.keep(name);
    for (const entry of read) if (isBuiltIn(entry, ad)) keepNames(entry, anonymiser);
    const dropped = new Map<string, number>();
    const records = read
      .map((entry) =>
        anonymised(entry, { schema, anonymiser, password, ad, keepData: options.keepData === true, dropped }),
      )
      .sort((a, b) => depth(a.dn) - depth(b.dn));
    const capturedBase = options.keepData ? base : anonymiser.dn(base);
    const report = shapeReport(records, schema, dropped);
    const header = [
      `# ldapmock capture: profile=${profile}`,
      `# base: ${capturedBase}`,
      `# entries: ${records.length}${read.length >= max ? ` (stopped at --max-entries ${max})` : ''}`,
      `# ${options.keepData ? 'NOT anonymised: holds the original data' : 'anonymised: names, mails, phones, descriptions, SIDs and GUIDs replaced'}`,
      `# every account's password: ${password}`,
      `# serve it: ldapmock serve --profile ${profile} --ldif <this file>`,
      '',
    ].join('\n');
    const mapDN = (dn: string) => (options.keepData ? dn : anonymiser.dn(dn));
    const schemaLdif = options.schema
      ? await captureSchema(directory, rootDSE, schema, ad, mapDN)
      : undefined;
    return {
      profile,
      ldif: header + writeLdif(records, { version: true }),
      ...(schemaLdif !== undefined && { schemaLdif }),
      password,
      base: capturedBase,
      truncated: read.length >= max,
      report,
      pseudonyms: options.keepData ? { text: (v) => v, dn: (v) => v, address: (v) => v } : anonymiser,
    };
  } finally {
    await directory.close();
  }
}

function depth(dn: string): number {
  try {
    return parseDN(dn).length;
  } catch {
    return 0;
  }
}

/** AD's built-in principals and containers: critical system objects, anything in CN=System or CN=Builtin, well-known RIDs. */
function isBuiltIn(entry: ReadEntry, ad: boolean): boolean {
  if (!ad) return false;
  const critical = valuesOf(entry, 'isCriticalSystemObject').some((v) => String(v).toUpperCase() === 'TRUE');
  if (critical) return true;
  if (/(^|,)CN=(System|Builtin),/i.test(entry.dn)) return true;
  const sid = valuesOf(entry, 'objectSid')[0];
  if (Buffer.isBuffer(sid)) {
    try {
      const text = decodeSid(sid);
      const rid = Number(text.split('-').at(-1));
      return !text.startsWith('S-1-5-21-') || rid < 1000;
    } catch {
      return false;
    }
  }
  return false;
}

function keepNames(entry: ReadEntry, anonymiser: Anonymiser): void {
  try {
    for (const rdn of parseDN(entry.dn))
      for (const ava of rdn) if (!/^dc$/i.test(ava.type)) anonymiser.keep(ava.value);
  } catch {
    // an unparsable DN keeps nothing
  }
  for (const name of ['cn', 'name', 'sAMAccountName', 'description', 'displayName']) {
    for (const value of valuesOf(entry, name)) if (typeof value === 'string') anonymiser.keep(value);
  }
}

function valuesOf(entry: ReadEntry, name: string): (string | Buffer)[] {
  for (const [description, values] of entry.attributes)
    if (description.toLowerCase() === name.toLowerCase()) return values;
  return [];
}

interface Context {
  readonly schema: Schema;
  readonly anonymiser: Anonymiser;
  readonly password: string;
  readonly ad: boolean;
  readonly keepData: boolean;
  readonly dropped: Map<string, number>;
}

function anonymised(entry: ReadEntry, ctx: Context): LdifRecord & { kind: 'content' } {
  const { anonymiser } = ctx;
  const attributes: { type: string; values: LdifValue[] }[] = [];
  let hasPassword = false;
  for (const [description, values] of entry.attributes) {
    const treatment = treatmentOf(description, ctx.schema.attributeType(description.split(';')[0]!));
    if (treatment === 'drop') {
      ctx.dropped.set(description, (ctx.dropped.get(description) ?? 0) + 1);
      continue;
    }
    if (treatment === 'password') {
      hasPassword = true;
      continue;
    }
    const text = (value: string | Buffer) => (typeof value === 'string' ? value : value.toString('utf8'));
    const map = (value: string | Buffer): LdifValue => {
      if (ctx.keepData) return value;
      switch (treatment) {
        case 'keep':
          return value;
        case 'text':
          return anonymiser.text(text(value));
        case 'label':
          return anonymiser.label(text(value));
        case 'address':
          return anonymiser.address(text(value));
        case 'domain':
          return anonymiser.domain(text(value));
        case 'dn':
          return anonymiser.dn(text(value));
        case 'dn-binary': {
          const v = text(value);
          const colon = v.indexOf(':', v.indexOf(':', 2) + 1);
          return colon < 0
            ? anonymiser.dn(v)
            : `${v.slice(0, colon + 1)}${anonymiser.dn(v.slice(colon + 1))}`;
        }
        case 'sid':
          return Buffer.isBuffer(value) ? anonymiser.sid(value) : value;
        case 'guid':
          return Buffer.isBuffer(value) ? anonymiser.guid(value) : value;
      }
    };
    attributes.push({ type: description, values: values.map(map) });
  }
  const objectClasses = valuesOf(entry, 'objectClass').map((v) => String(v).toLowerCase());
  if (ctx.ad ? objectClasses.includes('user') && !objectClasses.includes('computer') : hasPassword) {
    attributes.push(
      ctx.ad
        ? { type: 'unicodePwd', values: [Buffer.from(`"${ctx.password}"`, 'utf16le')] }
        : { type: 'userPassword', values: [ctx.password] },
    );
  }
  return { kind: 'content', dn: ctx.keepData ? entry.dn : anonymiser.dn(entry.dn), line: 0, attributes };
}
