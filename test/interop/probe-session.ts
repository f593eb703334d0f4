/**
 * One probe connection with recording: every operation is sent, its outcome normalised
 * (normalise.ts) and recorded under the given label, and the raw outcome returned so the probe can
 * continue (e.g. with a paging cookie). Transport failures (connection closed, TLS errors, time-outs)
 * are recorded as `{ error }` observations: a server closing a connection is behaviour too.
 */
import {
  AddRequest,
  Attribute,
  BerWriter,
  BindRequest,
  Change,
  CompareRequest,
  type Control,
  DeleteRequest,
  ExtendedRequest,
  ModifyDNRequest,
  ModifyRequest,
  PagedResultsControl,
  SearchRequest,
} from 'ldapts';
import { WireFilter } from '../../src/client/wire/wire-filter.js';
import {
  decodePagedValue,
  normaliseEntries,
  normaliseResult,
  type Observed,
  PAGED_RESULTS_OID,
  type ResultOptions,
} from './normalise.js';
import type { EncodableRequest, Outcome, ProbeConnection } from './wire/probe-connection.js';
import type { EntryMessage } from './wire/response-decoder.js';

export const WHOAMI_OID = '1.3.6.1.4.1.4203.1.11.3';
export const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

export type Recorder = (label: string, observed: Observed) => void;

export interface SearchParams {
  readonly base: string;
  readonly scope?: 'base' | 'one' | 'sub';
  readonly filter?: string;
  readonly attributes?: readonly string[];
  readonly sizeLimit?: number;
  readonly timeLimit?: number;
  readonly typesOnly?: boolean;
  readonly controls?: readonly Control[];
}

/** Attribute values as text, or as bytes for binary attributes (AD's unicodePwd is UTF-16LE). */
export type Values = readonly string[] | readonly Buffer[];

export interface Modification {
  /** `increment`: RFC 4525, which ldapts cannot write itself (IncrementChange). */
  readonly operation: 'add' | 'delete' | 'replace' | 'increment';
  readonly type: string;
  readonly values: Values;
}

export interface PasswordModifyParams {
  readonly userIdentity?: string;
  readonly oldPassword?: string;
  readonly newPassword?: string;
}

export interface PagedSearchOutcome {
  readonly pages: readonly Outcome[];
  readonly entries: readonly EntryMessage[];
}

/** Entries keyed by DN, so a diff names the DN that differs instead of a list index. */
function entriesByDN(entries: readonly EntryMessage[]): { [dn: string]: Observed } {
  const byDN: { [dn: string]: Observed } = {};
  for (const entry of normaliseEntries(entries)) {
    byDN[Object.hasOwn(byDN, entry.dn) ? `${entry.dn} (again)` : entry.dn] = entry.attributes;
  }
  return byDN;
}

function observeSearch(outcome: Outcome): Observed {
  const observed: { [key: string]: Observed } = {
    count: outcome.entries.length,
    entries: entriesByDN(outcome.entries),
    result: normaliseResult(outcome.result),
  };
  if (outcome.references.length > 0) observed['references'] = outcome.references.map((r) => r.uris);
  return observed;
}

/** RFC 3062 PasswdModifyRequestValue. */
function passwordModifyValue(params: PasswordModifyParams): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  if (params.userIdentity !== undefined) writer.writeString(params.userIdentity, 0x80);
  if (params.oldPassword !== undefined) writer.writeString(params.oldPassword, 0x81);
  if (params.newPassword !== undefined) writer.writeString(params.newPassword, 0x82);
  writer.endSequence();
  return writer.buffer;
}

/** RFC 3062 PasswdModifyResponseValue: a generated password is random, so only its presence counts. */
function observeGeneratedPassword(value: Buffer): Observed {
  if (value.length === 2 && value[0] === 0x30 && value[1] === 0) return 'PasswdModifyResponseValue {}';
  return value[0] === 0x30 && value[2] === 0x80
    ? 'PasswdModifyResponseValue { genPasswd: <password> }'
    : `unexpected value ${value.toString('hex')}`;
}

/** An RFC 4525 increment (operation 3), which ldapts' Change does not know. */
class IncrementChange extends Change {
  override write(writer: BerWriter): void {
    writer.startSequence();
    writer.writeEnumeration(3);
    this.modification.write(writer);
    writer.endSequence();
  }
}

function valueList(values: string | Buffer | Values): string[] | Buffer[] {
  if (typeof values === 'string') return [values];
  if (Buffer.isBuffer(values)) return [values];
  return [...values] as string[] | Buffer[];
}

export class ProbeSession {
  constructor(
    private readonly connection: ProbeConnection,
    private readonly record: Recorder | undefined,
  ) {}

  get isTls(): boolean {
    return this.connection.isTls;
  }

  private async perform(
    label: string,
    request: EncodableRequest,
    observe: (outcome: Outcome) => Observed,
  ): Promise<Outcome | undefined> {
    try {
      const outcome = await this.connection.send(request);
      this.record?.(label, observe(outcome));
      return outcome;
    } catch (error) {
      this.record?.(label, { error: (error as Error).message });
      return undefined;
    }
  }

  private result(label: string, request: EncodableRequest, options?: ResultOptions) {
    return this.perform(label, request, (outcome) => normaliseResult(outcome.result, options));
  }

  bind(label: string, dn: string, password: string, controls?: Control[]): Promise<Outcome | undefined> {
    return this.result(
      label,
      new BindRequest({ messageId: 0, dn, password, ...(controls ? { controls } : {}) }),
    );
  }

  search(label: string, params: SearchParams): Promise<Outcome | undefined> {
    return this.perform(label, this.searchRequest(params), observeSearch);
  }

  /**
   * Pages through a search as RFC 2696 prescribes (same request, last cookie) until the server
   * returns an empty cookie, an error, or `maxPages` pages. Records one summary per page plus the
   * union of the entries.
   */
  async searchPaged(
    label: string,
    params: SearchParams,
    pageSize: number,
    maxPages = 1000,
  ): Promise<PagedSearchOutcome | undefined> {
    const pages: Outcome[] = [];
    const pageObservations: Observed[] = [];
    let cookie: Buffer = Buffer.alloc(0);
    try {
      for (let page = 0; page < maxPages; page++) {
        const control = new PagedResultsControl({ value: { size: pageSize, cookie } });
        const request = this.searchRequest({ ...params, controls: [...(params.controls ?? []), control] });
        const outcome = await this.connection.send(request);
        pages.push(outcome);
        pageObservations.push({ count: outcome.entries.length, result: normaliseResult(outcome.result) });
        const response = outcome.result.controls.find((c) => c.oid === PAGED_RESULTS_OID);
        if (outcome.result.resultCode !== 0 || response?.value === undefined) break;
        cookie = decodePagedValue(response.value).cookie;
        if (cookie.length === 0) break;
      }
    } catch (error) {
      pageObservations.push({ error: (error as Error).message });
    }
    const entries = pages.flatMap((p) => p.entries);
    this.record?.(label, { pages: pageObservations, total: entries.length, entries: entriesByDN(entries) });
    return pages.length === 0 ? undefined : { pages, entries };
  }

  compare(label: string, dn: string, attribute: string, value: string): Promise<Outcome | undefined> {
    return this.result(label, new CompareRequest({ messageId: 0, dn, attribute, value }));
  }

  add(
    label: string,
    dn: string,
    attributes: Record<string, string | Buffer | Values>,
  ): Promise<Outcome | undefined> {
    return this.addList(label, dn, Object.entries(attributes));
  }

  /** An add whose attribute list is sent as given: order kept, a type may come twice. */
  addList(
    label: string,
    dn: string,
    attributes: readonly (readonly [string, string | Buffer | Values])[],
  ): Promise<Outcome | undefined> {
    const list = attributes.map(([type, values]) => new Attribute({ type, values: valueList(values) }));
    return this.result(label, new AddRequest({ messageId: 0, dn, attributes: list }));
  }

  modify(label: string, dn: string, modifications: readonly Modification[]): Promise<Outcome | undefined> {
    const changes = modifications.map((m) => {
      const modification = new Attribute({ type: m.type, values: valueList(m.values) });
      return m.operation === 'increment'
        ? new IncrementChange({ modification })
        : new Change({ operation: m.operation, modification });
    });
    return this.result(label, new ModifyRequest({ messageId: 0, dn, changes }));
  }

  del(label: string, dn: string): Promise<Outcome | undefined> {
    return this.result(label, new DeleteRequest({ messageId: 0, dn }));
  }

  modifyDN(
    label: string,
    dn: string,
    newRdn: string,
    options: { readonly deleteOldRdn: boolean; readonly newSuperior?: string },
  ): Promise<Outcome | undefined> {
    const request = new ModifyDNRequest({
      messageId: 0,
      dn,
      newRdn,
      deleteOldRdn: options.deleteOldRdn,
      ...(options.newSuperior === undefined ? {} : { newSuperior: options.newSuperior }),
    });
    return this.result(label, request);
  }

  extended(
    label: string,
    oid: string,
    value?: Buffer,
    options?: ResultOptions,
  ): Promise<Outcome | undefined> {
    return this.result(
      label,
      new ExtendedRequest({ messageId: 0, oid, ...(value ? { value } : {}) }),
      options,
    );
  }

  whoami(label: string): Promise<Outcome | undefined> {
    return this.extended(label, WHOAMI_OID);
  }

  passwordModify(
    label: string,
    params: PasswordModifyParams,
    controls?: Control[],
  ): Promise<Outcome | undefined> {
    const request = new ExtendedRequest({
      messageId: 0,
      oid: PASSWORD_MODIFY_OID,
      value: passwordModifyValue(params),
      ...(controls ? { controls } : {}),
    });
    return this.result(label, request, { extendedValue: observeGeneratedPassword });
  }

  async startTls(label: string): Promise<Outcome | undefined> {
    try {
      const outcome = await this.connection.startTls();
      this.record?.(label, { ...normaliseResult(outcome.result), tls: this.connection.isTls });
      return outcome;
    } catch (error) {
      this.record?.(label, { error: (error as Error).message });
      return undefined;
    }
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private searchRequest(params: SearchParams): SearchRequest {
    return new SearchRequest({
      messageId: 0,
      baseDN: params.base,
      scope: params.scope ?? 'sub',
      filter: WireFilter.parse(params.filter ?? '(objectClass=*)'),
      attributes: [...(params.attributes ?? [])],
      sizeLimit: params.sizeLimit ?? 0,
      timeLimit: params.timeLimit ?? 0,
      returnAttributeValues: params.typesOnly !== true,
      ...(params.controls ? { controls: [...params.controls] } : {}),
    });
  }
}
