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

export interface SearchLimitsConfig {
  /** Server size limit for this session (0 = none); the rootdn typically gets 0. */
  sizeLimitFor(session: Session): number;
  /** Whether a paged search's total is capped by the size limit too. */
  readonly pagedTotalCapped: boolean;
  /** Largest page served (0 = as asked). */
  readonly maxPageSize: number;
}

type Result = { kind: 'entry'; entry: SearchResultEntry } | { kind: 'reference'; uris: readonly string[] };

interface Cursor {
  readonly cookie: Buffer;
  readonly results: Result[];
  position: number;
  /** The result code owed once the last page is served (4 when the total was capped). */
  readonly finalCode: number;
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
    const limit = minLimit(serverLimit, request.sizeLimit);
    if (!paged) return this.limited(ctx, request, sink, limit);
    return this.page(
      ctx,
      request,
      sink,
      paged.size,
      paged.cookie,
      this.config.pagedTotalCapped ? limit : request.sizeLimit,
    );
  }

  private async limited(ctx: OperationContext, request: SearchRequest, sink: SearchSink, limit: number) {
    if (limit === 0) return this.inner.search(ctx, request, sink);
    let count = 0;
    const stop = new AbortController();
    ctx.signal.addEventListener('abort', () => stop.abort(), { once: true });
    const inner: OperationContext = { ...ctx, signal: stop.signal };
    let exceeded = false;
    const result = await this.inner.search(inner, request, {
      entry: (entry) => {
        if (count >= limit) {
          exceeded = true;
          stop.abort();
          return;
        }
        count++;
        sink.entry(entry);
      },
      reference: (uris) => sink.reference(uris),
    });
    if (exceeded && result.code === 0) return { code: ResultCode.sizeLimitExceeded };
    return result;
  }

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
      if (!cursor?.cookie.equals(cookie)) {
        if (cookie.length !== 8)
          throw new LdapResultError(ResultCode.protocolError, 'paged results cookie is invalid');
        throw new LdapResultError(ResultCode.unwillingToPerform, 'paged results cookie is invalid or old');
      }
      if (size === 0) {
        // RFC 2696 §3: a zero size with a cookie abandons the paged search.
        ctx.session.state.delete(cursorKey);
        return pagedDone(0, Buffer.alloc(0));
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
      cursor = { cookie: randomBytes(8), results, position: 0, finalCode: collected.code };
      ctx.session.state.set(cursorKey, cursor);
    }
    const pageSize =
      size === 0 || (this.config.maxPageSize > 0 && size > this.config.maxPageSize)
        ? this.config.maxPageSize || size
        : size;
    let sent = 0;
    while (cursor.position < cursor.results.length && (pageSize === 0 || sent < pageSize)) {
      const next = cursor.results[cursor.position++]!;
      if (next.kind === 'entry') {
        sink.entry(next.entry);
        sent++;
      } else sink.reference(next.uris);
    }
    if (cursor.position >= cursor.results.length) {
      ctx.session.state.delete(cursorKey);
      return pagedDone(cursor.finalCode, Buffer.alloc(0));
    }
    return pagedDone(0, cursor.cookie);
  }
}

function pagedDone(code: number, cookie: Buffer): LdapResult {
  return { code, controls: [{ type: 'paged', value: { size: 0, cookie } }] };
}

/** The smaller of two limits where 0 means unlimited. */
function minLimit(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return Math.min(a, b);
}
