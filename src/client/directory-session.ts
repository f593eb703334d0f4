/**
 * The LDAP operations the authenticator performs on one connection, with ldapts' errors turned
 * into ours (result code, diagnostic without ldapts' ` Code: 0x..` suffix, secrets redacted) and
 * filters always sent through WireFilter so every assertion value goes out byte-exact.
 */
import type { Change, Client, Control, Entry as LdaptsEntry, SearchOptions } from 'ldapts';
import type { Connection } from './connection.js';
import type { LdapFailureDetails } from './errors/failure-details.js';
import { type LdapOperationError, operationErrorFromThrown } from './errors/operation-errors.js';
import { WireFilter } from './wire/wire-filter.js';

export interface SearchParameters {
  readonly base: string;
  readonly scope: 'base' | 'one' | 'sub';
  readonly filter: WireFilter | string;
  readonly attributes: readonly string[];
  readonly sizeLimit?: number;
  readonly derefAliases?: 'never' | 'search' | 'find' | 'always';
  /** Attributes to return as Buffers (binary SIDs, GUIDs). */
  readonly binary?: readonly string[];
  /** > 0: RFC 2696 paging with this page size. */
  readonly pageSize?: number;
  readonly controls?: readonly Control[];
}

export interface FoundEntry {
  readonly dn: string;
  readonly attributes: Readonly<Record<string, string | string[] | Buffer | Buffer[]>>;
}

/** A failed operation, as the caller's error classes want it described. */
export interface OperationFailure {
  readonly resultCode?: number;
  readonly diagnosticMessage?: string;
  readonly reason: string;
}

class OperationFailed extends Error {
  constructor(readonly failure: OperationFailure) {
    super(failure.reason);
  }
}

export class DirectorySession {
  constructor(
    readonly connection: Connection,
    private readonly secrets: readonly string[],
  ) {}

  get client(): Client {
    return this.connection.client;
  }

  async bind(dn: string, password: string): Promise<void> {
    await this.run(() => this.client.bind(dn, password));
  }

  async search(parameters: SearchParameters): Promise<FoundEntry[]> {
    const { searchEntries } = await this.run(() =>
      this.client.search(
        parameters.base,
        searchOptions(parameters),
        parameters.controls ? [...parameters.controls] : undefined,
      ),
    );
    return searchEntries.map(toFoundEntry);
  }

  /** A paged search (pageSize > 0 required), one callback per page as it arrives. */
  async searchPages(
    parameters: SearchParameters & { readonly pageSize: number },
    onPage: (entries: FoundEntry[]) => void,
  ): Promise<void> {
    await this.run(async () => {
      for await (const page of this.client.searchPaginated(parameters.base, searchOptions(parameters))) {
        onPage(page.searchEntries.map(toFoundEntry));
      }
    });
  }

  async modify(dn: string, changes: readonly Change[]): Promise<void> {
    await this.run(() => this.client.modify(dn, [...changes]));
  }

  async exop(oid: string, value?: Buffer): Promise<{ value?: string | Buffer | undefined }> {
    return this.run(() => this.client.exop(oid, value));
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (thrown) {
      throw new OperationFailed(describeFailure(thrown, this.secrets));
    }
  }
}

function describeFailure(thrown: unknown, secrets: readonly string[]): OperationFailure {
  const result: LdapOperationError | undefined = operationErrorFromThrown(thrown, { redact: secrets });
  if (result) {
    return { resultCode: result.code, diagnosticMessage: result.diagnosticMessage, reason: result.message };
  }
  return { reason: thrown instanceof Error ? thrown.message : String(thrown) };
}

function searchOptions(parameters: SearchParameters): SearchOptions {
  return {
    scope: parameters.scope,
    filter: typeof parameters.filter === 'string' ? WireFilter.parse(parameters.filter) : parameters.filter,
    attributes: [...parameters.attributes],
    sizeLimit: parameters.sizeLimit ?? 0,
    derefAliases: parameters.derefAliases ?? 'never',
    explicitBufferAttributes: [...(parameters.binary ?? [])],
    ...(parameters.pageSize !== undefined &&
      parameters.pageSize > 0 && { paged: { pageSize: parameters.pageSize } }),
  };
}

function toFoundEntry(entry: LdaptsEntry): FoundEntry {
  const { dn, ...attributes } = entry;
  return { dn, attributes: attributes as FoundEntry['attributes'] };
}

/** An error thrown by a session operation, as the error classes want it described. */
export function failureOf(error: unknown): LdapFailureDetails {
  if (error instanceof OperationFailed) {
    const { resultCode, diagnosticMessage, reason } = error.failure;
    // With a result code the error classes write go-ldap's text themselves; the reason would repeat it.
    return resultCode === undefined ? { reason } : { resultCode, diagnosticMessage };
  }
  return { reason: error instanceof Error ? error.message : String(error) };
}

/** Every attribute as a list of text values. */
export function textValues(entry: FoundEntry): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(textAttributes(entry))) {
    out[name] = typeof value === 'string' ? [value] : value;
  }
  return out;
}

/** Attribute values as text, names exactly as the server returned them. */
export function textAttributes(entry: FoundEntry): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(entry.attributes)) {
    out[name] = Array.isArray(value)
      ? value.map((v) => (typeof v === 'string' ? v : v.toString('utf8')))
      : typeof value === 'string'
        ? value
        : value.toString('utf8');
  }
  return out;
}
