/**
 * Fault injection for testing clients' failover, timeouts and error handling. Per-operation
 * faults (latency, busy, unavailable, drop after N operations) are a handler layer; connection
 * faults (refuse, hang) and certificate faults are applied by the listener.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import type {
  AddRequest,
  BindRequest,
  CompareRequest,
  DeleteRequest,
  ExtendedRequest,
  ExtendedResult,
  LdapResult,
  ModifyDNRequest,
  ModifyRequest,
  OperationContext,
  SearchRequest,
  SearchSink,
} from '../operations.js';
import { DelegatingHandler } from './delegating-handler.js';

export interface Faults {
  /** Close the listeners: new connections get ECONNREFUSED. */
  readonly refuse?: boolean;
  /** Accept connections and never answer them. */
  readonly hang?: boolean;
  /** Added before every operation is handled, in milliseconds. */
  readonly latencyMs?: number;
  /** Close each connection when it sends its N+1th operation. */
  readonly dropAfter?: number;
  /** Answer every operation with busy (51) or unavailable (52). */
  readonly answer?: 'busy' | 'unavailable';
  /** Serve an expired certificate, or one for another host name, on LDAPS and StartTLS. */
  readonly certificate?: 'expired' | 'wrongHost';
  /**
   * A canned failure for binds by one name (compared case-insensitively; every bind when `name`
   * is omitted), given instead of checking the password: for server answers the data cannot
   * produce, such as AD's `data 530` (outside logon hours).
   */
  readonly bindFailure?: {
    readonly name?: string;
    readonly code: number;
    readonly diagnosticMessage?: string;
  };
}

const countKey = 'faults.operations';

export class FaultLayer extends DelegatingHandler {
  faults: Faults = {};

  private async before(ctx: OperationContext): Promise<void> {
    const { latencyMs, dropAfter, answer } = this.faults;
    const count = ((ctx.session.state.get(countKey) as number | undefined) ?? 0) + 1;
    ctx.session.state.set(countKey, count);
    if (dropAfter !== undefined && count > dropAfter) {
      ctx.session.close();
      throw new LdapResultError(ResultCode.unavailable, 'connection dropped by fault injection');
    }
    if (latencyMs) await sleep(latencyMs, undefined, { signal: ctx.signal }).catch(() => undefined);
    if (answer === 'busy') throw new LdapResultError(ResultCode.busy, 'server busy (fault injection)');
    if (answer === 'unavailable')
      throw new LdapResultError(ResultCode.unavailable, 'server unavailable (fault injection)');
  }

  override async bind(ctx: OperationContext, request: BindRequest): Promise<LdapResult> {
    await this.before(ctx);
    const canned = this.faults.bindFailure;
    if (canned && (canned.name === undefined || canned.name.toLowerCase() === request.name.toLowerCase())) {
      throw new LdapResultError(canned.code, canned.diagnosticMessage ?? '');
    }
    return super.bind(ctx, request);
  }
  override async search(
    ctx: OperationContext,
    request: SearchRequest,
    sink: SearchSink,
  ): Promise<LdapResult> {
    await this.before(ctx);
    return super.search(ctx, request, sink);
  }
  override async compare(ctx: OperationContext, request: CompareRequest): Promise<LdapResult> {
    await this.before(ctx);
    return super.compare(ctx, request);
  }
  override async add(ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
    await this.before(ctx);
    return super.add(ctx, request);
  }
  override async modify(ctx: OperationContext, request: ModifyRequest): Promise<LdapResult> {
    await this.before(ctx);
    return super.modify(ctx, request);
  }
  override async delete(ctx: OperationContext, request: DeleteRequest): Promise<LdapResult> {
    await this.before(ctx);
    return super.delete(ctx, request);
  }
  override async modifyDN(ctx: OperationContext, request: ModifyDNRequest): Promise<LdapResult> {
    await this.before(ctx);
    return super.modifyDN(ctx, request);
  }
  override async extended(ctx: OperationContext, request: ExtendedRequest): Promise<ExtendedResult> {
    await this.before(ctx);
    return super.extended(ctx, request);
  }
}
