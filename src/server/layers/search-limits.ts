/**
 * Size limits and simple paged results (RFC 2696) around the profile's search. The profile
 * decides the numbers; this layer counts, cuts, pages and keeps the cursor of each connection.
 */
import { randomBytes } from 'node:crypto';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import type {
  LdapHandler,
  LdapResult,
  OperationContext,
  SearchRequest,
  SearchResultEntry,
  SearchSink,
  Session,
} from '../operations.js';
import { PagedResultsOid } from '../operations.js';
import { DelegatingHandler } from './delegating-handler.js';

export interface PagingRules {
  /** Samba puts the total number of matches in `size` on every page but the last (RFC 2696 allows an estimate). */
  readonly sizeEstimate: boolean;
  /** A cookie the server never issued. */
  readonly invalidCookie: { readonly code: number; readonly message: string };
  /** The result of a page request of size 0 (the client abandons the paged search). */
  readonly abandoned: { readonly message: string };
  /** Samba ends a search whose last page came out full with one more, empty page; slapd ends at once. */
  readonly emptyLastPage: boolean;
}

export interface SearchLimitsConfig {
  /** Server size limit for this session (0 = none); the rootdn typically gets 0. */
  sizeLimitFor(session: Session): number;
  /** Whether a paged search's total is capped by the size limit too. */
  readonly pagedTotalCapped: boolean;
  /** Largest page served (0 = as asked). */
  readonly maxPageSize: number;
  /** Whether the client's sizeLimit counts (Samba ignores it). */
  readonly honourClientSizeLimit: boolean;
  readonly paging: PagingRules;
}

type Result = { kind: 'entry'; entry: SearchResultEntry } | { kind: 'reference'; uris: readonly string[] };

interface Cursor {
  readonly cookie: Buffer;
  readonly results: Result[];
  position: number;
  /** The size limit cut the results: the search ends with sizeLimitExceeded. */
  readonly truncated: boolean;
}

const cursorKey = 'search-limits.cursor';

export class SearchLimitsLayer extends DelegatingHandler {
  constructor(
    inner: LdapHandler,
    private readonly config: SearchLimitsConfig,
  ) {
    super(inner);
  }

  override async search(
    ctx: OperationContext,
    request: SearchRequest,
    sink: SearchSink,
  ): Promise<LdapResult> {
    const paged = ctx.controls.find((c) => c.oid === PagedResultsOid)?.paged;
    const serverLimit = this.config.sizeLimitFor(ctx.session);
    const clientLimit = this.config.honourClientSizeLimit ? request.sizeLimit : 0;
    const limit = minLimit(serverLimit, clientLimit);
    if (!paged) return this.limited(ctx, request, sink, limit);
    return this.page(
      ctx,
      request,
      sink,
      paged.size,
      paged.cookie,
      this.config.pagedTotalCapped ? limit : clientLimit,
    );
  }

  /** The size limit (0 = none) and the client's time limit (RFC 4511: seconds, 0 = none). */
  private async limited(ctx: OperationContext, request: SearchRequest, sink: SearchSink, limit: number) {
    if (limit === 0 && request.timeLimit === 0) return this.inner.search(ctx, request, sink);
    const deadline =
      request.timeLimit > 0 ? performance.now() + request.timeLimit * 1000 : Number.POSITIVE_INFINITY;
    let count = 0;
    const stop = new AbortController();
    if (ctx.signal.aborted) stop.abort();
    else ctx.signal.addEventListener('abort', () => stop.abort(), { once: true });
    const inner: OperationContext = { ...ctx, signal: stop.signal };
    let exceeded: number | undefined;
    const result = await this.inner.search(inner, request, {
      entry: (entry) => {
        if (exceeded !== undefined) return;
        if (limit > 0 && count >= limit) exceeded = ResultCode.sizeLimitExceeded;
        else if (performance.now() > deadline) exceeded = ResultCode.timeLimitExceeded;
        if (exceeded !== undefined) {
          stop.abort();
          return;
        }
        count++;
        sink.entry(entry);
      },
      reference: (uris) => sink.reference(uris),
    });
    if (exceeded !== undefined && result.code === 0) return { code: exceeded };
    return result;
  }

  /**
   * One page, as slapd serves them when the size limit caps the total: full pages keep their
   * cookie even when the cap is reached on the last entry, and the request after the cap (or a
   * page the cap cut short) ends with sizeLimitExceeded and no paged control.
   */
  private async page(
    ctx: OperationContext,
    request: SearchRequest,
    sink: SearchSink,
    size: number,
    cookie: Buffer,
    totalLimit: number,
  ): Promise<LdapResult> {
    let cursor = ctx.session.state.get(cursorKey) as Cursor | undefined;
    if (cookie.length > 0) {
      const { invalidCookie, abandoned } = this.config.paging;
      if (!cursor?.cookie.equals(cookie))
        throw new LdapResultError(invalidCookie.code, invalidCookie.message);
      if (size === 0) {
        // RFC 2696 §3: a zero size with a cookie abandons the paged search.
        ctx.session.state.delete(cursorKey);
        return { code: 0, diagnosticMessage: abandoned.message };
      }
    } else {
      const results: Result[] = [];
      const collected = await this.limited(
        ctx,
        request,
        {
          entry: (entry) => results.push({ kind: 'entry', entry }),
          reference: (uris) => results.push({ kind: 'reference', uris }),
        },
        totalLimit,
      );
      if (collected.code !== 0 && collected.code !== ResultCode.sizeLimitExceeded) return collected;
      const truncated = collected.code === ResultCode.sizeLimitExceeded;
      cursor = { cookie: randomBytes(8), results, position: 0, truncated };
      ctx.session.state.set(cursorKey, cursor);
    }
    const max = this.config.maxPageSize;
    const pageSize = max > 0 && (size === 0 || size > max) ? max : size;
    let sent = 0;
    while (cursor.position < cursor.results.length && (pageSize === 0 || sent < pageSize)) {
      const next = cursor.results[cursor.position++]!;
      if (next.kind === 'entry') {
        sink.entry(next.entry);
        sent++;
      } else sink.reference(next.uris);
    }
    const exhausted = cursor.position >= cursor.results.length;
    const full = sent > 0 && sent === pageSize;
    if (!exhausted || (full && (cursor.truncated || this.config.paging.emptyLastPage))) {
      const estimate = this.config.paging.sizeEstimate
        ? cursor.results.filter((r) => r.kind === 'entry').length
        : 0;
      return pagedResult(cursor.cookie, estimate);
    }
    ctx.session.state.delete(cursorKey);
    if (cursor.truncated) return { code: ResultCode.sizeLimitExceeded };
    return pagedResult(Buffer.alloc(0));
  }
}

/** A page's result: the paged control with the size estimate (0: none, as slapd) and the cookie, empty on the last page. */
function pagedResult(cookie: Buffer, size = 0): LdapResult {
  return { code: 0, controls: [{ type: 'paged', value: { size, cookie } }] };
}

/** The smaller of two limits where 0 means unlimited. */
function minLimit(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return Math.min(a, b);
}
