/**
 * Size and time limits and simple paged results (RFC 2696) around the profile's search. The
 * profile decides the numbers (by identity, where it has slapd's olcLimits); this layer counts,
 * cuts, pages and keeps the cursor of each connection.
 */
import { randomBytes } from 'node:crypto';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import type {
  LdapHandler,
  LdapResult,
  OperationContext,
  ResponseControl,
  SearchRequest,
  SearchResultEntry,
  SearchSink,
  Session,
} from '../operations.js';
import { PagedResultsOid } from '../operations.js';
import type { SearchLimitRules } from '../profiles/profile.js';
import { DelegatingHandler } from './delegating-handler.js';
import { effectiveLimit, type IdentityDirectory, IdentityLimits, pagedTotal } from './identity-limits.js';
import { SessionSlot } from './session-slot.js';

type Result = { kind: 'entry'; entry: SearchResultEntry } | { kind: 'reference'; uris: readonly string[] };

interface Cursor {
  readonly cookie: Buffer;
  readonly results: Result[];
  position: number;
  /** The size limit cut the results: the search ends with sizeLimitExceeded. */
  readonly truncated: boolean;
  /** The search's own result controls (slapd's sortResult), sent with every page. */
  readonly controls: readonly ResponseControl[];
}

/** The paged search in progress on a connection (one at a time, as slapd and AD keep it). */
const cursorSlot = new SessionSlot<Cursor>('search limits: paged search in progress');

export class SearchLimitsLayer extends DelegatingHandler {
  private readonly identities: IdentityLimits;

  /**
   * `limits`: the profile's rules, whole. `exempt`: whether a session is free of the server's
   * limits (slapd's rootdn); `exemptSizeLimit` still applies to it (0 = none). `directory`: where
   * olcLimits rules find the session's DN and groups.
   */
  constructor(
    inner: LdapHandler,
    private readonly limits: SearchLimitRules,
    private readonly administrator: {
      readonly exempt: (session: Session) => boolean;
      readonly exemptSizeLimit: number;
      readonly directory: IdentityDirectory;
    },
  ) {
    super(inner);
    const defaults = {
      size: { soft: limits.sizeLimit, hard: limits.sizeHardLimit ?? 'soft' },
      time: limits.timeLimit ?? { soft: 0, hard: 0 },
    };
    this.identities = new IdentityLimits(defaults, limits.identityLimits ?? [], administrator.directory);
  }

  override async search(
    ctx: OperationContext,
    request: SearchRequest,
    sink: SearchSink,
  ): Promise<LdapResult> {
    const paged = ctx.controls.find((c) => c.oid === PagedResultsOid)?.paged;
    const clientLimit = this.limits.honourClientSizeLimit ? request.sizeLimit : 0;
    const { soft, size, total, time } = this.searchLimits(ctx.session, clientLimit, request.timeLimit);
    if (!paged || this.pagingIgnored(paged, clientLimit, soft)) {
      return this.limited(ctx, request, sink, size, time);
    }
    return this.page(ctx, request, sink, paged, total, time);
  }

  /**
   * The session's size limit (`soft` its server's part), the total a paged search may return, and
   * the time limit in seconds; 0 for none.
   */
  private searchLimits(session: Session, clientSize: number, clientTime: number) {
    const { exempt, exemptSizeLimit } = this.administrator;
    if (exempt(session)) {
      const size = minLimit(exemptSizeLimit, clientSize);
      return { soft: exemptSizeLimit, size, total: size, time: clientTime };
    }
    const limits = this.identities.of(session.bindDN);
    const size = effectiveLimit(clientSize, limits.size);
    return {
      soft: limits.size.soft,
      size,
      total: this.limits.pagedTotalCappedBySizeLimit ? pagedTotal(clientSize, limits.size) : clientSize,
      time: effectiveLimit(clientTime, limits.time),
    };
  }

  /** A first page at least as large as the client's size limit, or larger than the server's (slapd). */
  private pagingIgnored(paged: { size: number; cookie: Buffer }, clientLimit: number, serverLimit: number) {
    if (!this.limits.paging.pageSizeOverLimitUnpaged || paged.cookie.length > 0 || paged.size === 0)
      return false;
    return (clientLimit > 0 && paged.size >= clientLimit) || (serverLimit > 0 && paged.size > serverLimit);
  }

  /** The size limit (0 = none) and the time limit (RFC 4511: seconds, 0 = none). */
  private async limited(
    ctx: OperationContext,
    request: SearchRequest,
    sink: SearchSink,
    limit: number,
    seconds: number,
  ) {
    if (limit === 0 && seconds === 0) return this.inner.search(ctx, request, sink);
    const deadline = seconds > 0 ? performance.now() + seconds * 1000 : Number.POSITIVE_INFINITY;
    let count = 0;
    const stop = ctx.abort.child();
    const inner: OperationContext = { ...ctx, abort: stop };
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
    if (exceeded !== undefined && result.code === ResultCode.success) return { code: exceeded };
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
    { size, cookie }: { size: number; cookie: Buffer },
    totalLimit: number,
    seconds: number,
  ): Promise<LdapResult> {
    let cursor = cursorSlot.get(ctx.session);
    if (cookie.length > 0) {
      const { invalidCookie, abandoned } = this.limits.paging;
      if (!cursor?.cookie.equals(cookie))
        throw new LdapResultError(invalidCookie.code, invalidCookie.message);
      if (size === 0) {
        // RFC 2696 §3: a zero size with a cookie abandons the paged search.
        cursorSlot.clear(ctx.session);
        return { code: ResultCode.success, diagnosticMessage: abandoned.message };
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
        seconds,
      );
      if (collected.code !== ResultCode.success && collected.code !== ResultCode.sizeLimitExceeded)
        return collected;
      if (collected.unpaged) {
        for (const result of results) {
          if (result.kind === 'entry') sink.entry(result.entry);
          else sink.reference(result.uris);
        }
        return { code: collected.code };
      }
      const truncated = collected.code === ResultCode.sizeLimitExceeded;
      cursor = {
        cookie: randomBytes(8),
        results,
        position: 0,
        truncated,
        controls: collected.controls ?? [],
      };
      cursorSlot.set(ctx.session, cursor);
    }
    const max = this.limits.maxPageSize;
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
    if (!exhausted || (full && (cursor.truncated || this.limits.paging.emptyLastPage))) {
      return pagedResult(cursor.cookie, this.estimate(cursor), cursor.controls);
    }
    cursorSlot.clear(ctx.session);
    if (cursor.truncated) return { code: ResultCode.sizeLimitExceeded };
    return pagedResult(Buffer.alloc(0), 0, cursor.controls);
  }

  /**
   * The paged control's size: Samba's total, or none (slapd) — but slapd's sorting overlay pages
   * a sorted search itself and gives the entries still to come.
   */
  private estimate(cursor: Cursor): number {
    const entries = (results: readonly Result[]) => results.filter((r) => r.kind === 'entry').length;
    if (cursor.controls.some((c) => c.type === 'sortResult')) {
      return entries(cursor.results.slice(cursor.position));
    }
    return this.limits.paging.sizeEstimate ? entries(cursor.results) : 0;
  }
}

/** A page's result: the search's own controls, then the paged control with the size estimate and the cookie, empty on the last page. */
function pagedResult(cookie: Buffer, size: number, controls: readonly ResponseControl[] = []): LdapResult {
  return { code: ResultCode.success, controls: [...controls, { type: 'paged', value: { size, cookie } }] };
}

/** The smaller of two limits where 0 means unlimited. */
function minLimit(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return Math.min(a, b);
}
