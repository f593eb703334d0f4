/**
 * Reads a directory for a capture, and nothing else: the only handle the capture gets binds and
 * searches (no add, modify, delete or rename exists on it). The rootDSE, every entry below a base
 * (paged), and attributes the server sends in ranges (AD's `member;range=0-1499`) completed.
 */
import { Client } from 'ldapts';

export interface CaptureSource {
  readonly url: string;
  readonly bindDN: string;
  readonly bindPassword: string;
  /** PEM of the CA for LDAPS or StartTLS. */
  readonly ca?: string | undefined;
  readonly startTls?: boolean | undefined;
}

/** An entry as read: attribute descriptions as the server spelled them, values as text or octets. */
export interface ReadEntry {
  readonly dn: string;
  readonly attributes: Map<string, (string | Buffer)[]>;
}

export interface ReadProgress {
  readonly entries: number;
}

/** Attributes whose values are octets whatever the server says: read as Buffers, never as text. */
export const OCTET_ATTRIBUTES = [
  'objectSid',
  'objectGUID',
  'sIDHistory',
  'securityIdentifier',
  'tokenGroups',
  'jpegPhoto',
  'thumbnailPhoto',
  'userCertificate',
  'cACertificate',
  'userSMIMECertificate',
  'photo',
  'audio',
  'unicodePwd',
  'userPassword',
  'nTSecurityDescriptor',
  'msExchMailboxGuid',
  'mS-DS-ConsistencyGuid',
  'msDS-GenerationId',
  'auditingPolicy',
  'logonHours',
];

/** The read-only handle: bind and search, nothing that writes. */
export class ReadOnlyDirectory {
  readonly #client: Client;

  private constructor(client: Client) {
    this.#client = client;
  }

  static async open(source: CaptureSource): Promise<ReadOnlyDirectory> {
    const tls = source.ca ? { ca: [source.ca] } : undefined;
    const client = new Client({
      url: source.url,
      ...(tls && source.url.startsWith('ldaps:') && { tlsOptions: tls }),
      timeout: 60_000,
      connectTimeout: 10_000,
    });
    try {
      if (source.startTls) await client.startTLS(tls ?? {});
      await client.bind(source.bindDN, source.bindPassword);
    } catch (error) {
      await client.unbind().catch(() => undefined);
      throw error;
    }
    return new ReadOnlyDirectory(client);
  }

  async rootDSE(): Promise<Record<string, string[]>> {
    const { searchEntries } = await this.#client.search('', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['*', '+', 'supportedCapabilities', 'vendorName', 'subschemaSubentry', 'namingContexts'],
    });
    const entry = searchEntries[0] ?? { dn: '' };
    const out: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(entry)) {
      if (key === 'dn') continue;
      out[key.toLowerCase()] = (Array.isArray(value) ? value : [value]).map(String);
    }
    return out;
  }

  /** Every entry at or below `base`, at most `max`, paged; `onProgress` after each page. */
  async readSubtree(
    base: string,
    max: number,
    onProgress?: (progress: ReadProgress) => void,
  ): Promise<ReadEntry[]> {
    const entries: ReadEntry[] = [];
    const pages = this.#client.searchPaginated(base, {
      scope: 'sub',
      filter: '(objectClass=*)',
      attributes: ['*'],
      explicitBufferAttributes: OCTET_ATTRIBUTES,
      paged: { pageSize: 500 },
    });
    for await (const page of pages) {
      for (const raw of page.searchEntries) {
        if (entries.length >= max) break;
        entries.push(await this.#complete(toReadEntry(raw)));
      }
      onProgress?.({ entries: entries.length });
      if (entries.length >= max) break;
    }
    return entries;
  }

  /** Reads named attributes of one entry (a schema entry, the subschema), or undefined. */
  async readEntry(dn: string, attributes: readonly string[]): Promise<ReadEntry | undefined> {
    const { searchEntries } = await this.#client.search(dn, {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: [...attributes],
      explicitBufferAttributes: OCTET_ATTRIBUTES,
    });
    const raw = searchEntries[0];
    return raw ? toReadEntry(raw) : undefined;
  }

  /** The entries one level below `base` matching `filter` (AD's schema objects). */
  async readChildren(base: string, filter: string, attributes: readonly string[]): Promise<ReadEntry[]> {
    const { searchEntries } = await this.#client.search(base, {
      scope: 'one',
      filter,
      attributes: [...attributes],
      paged: { pageSize: 500 },
    });
    return searchEntries.map(toReadEntry);
  }

  async close(): Promise<void> {
    await this.#client.unbind().catch(() => undefined);
  }

  /** `member;range=0-1499` and the ranges after it, as one `member`. */
  async #complete(entry: ReadEntry): Promise<ReadEntry> {
    for (const [description, values] of [...entry.attributes]) {
      const range = /^(.*);range=(\d+)-(\d+|\*)$/i.exec(description);
      if (!range) continue;
      const name = range[1]!;
      const all = [...values];
      let end = range[3]!;
      while (end !== '*') {
        const next = await this.readEntry(entry.dn, [`${name};range=${Number(end) + 1}-*`]);
        const found =
          next &&
          [...next.attributes].find(([d]) => d.toLowerCase().startsWith(`${name.toLowerCase()};range=`));
        if (!found) break;
        all.push(...found[1]);
        end = /-(\d+|\*)$/.exec(found[0])![1]!;
      }
      entry.attributes.delete(description);
      entry.attributes.set(name, all);
    }
    return entry;
  }
}

function toReadEntry(raw: { dn: string } & Record<string, unknown>): ReadEntry {
  const attributes = new Map<string, (string | Buffer)[]>();
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'dn') continue;
    const values = (Array.isArray(value) ? value : [value]) as (string | Buffer)[];
    if (values.length > 0) attributes.set(key, values);
  }
  return { dn: raw.dn, attributes };
}
