/**
 * Fault injection for testing clients' failover, timeouts and error handling. Per-operation
 * faults (latency, busy, unavailable, drop after N operations) are a handler layer; connection
 * faults (refuse, hang) and certificate faults are applied by the listener.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import type { ConnectionFaults, Listener } from '../connection-faults.js';
import type { LdapResult, OperationContext } from '../operations.js';
import { DelegatingHandler, type Operation } from './delegating-handler.js';
import { SessionSlot } from './session-slot.js';

export interface Faults {
  /** Close the listeners (or only one): new connections get ECONNREFUSED. */
  readonly refuse?: boolean | Listener;
  /** Accept connections (on both listeners or one) and never answer them. */
  readonly hang?: boolean | Listener;
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

/** Operations a connection has sent, for dropAfter. */
const operationCount = new SessionSlot<number>('faults: operations on this connection');

export class FaultLayer extends DelegatingHandler {
  faults: Faults = {};

  protected override async around(ctx: OperationContext, operation: Operation): Promise<LdapResult> {
    const { latencyMs, dropAfter, answer, bindFailure } = this.faults;
    const count = (operationCount.get(ctx.session) ?? 0) + 1;
    operationCount.set(ctx.session, count);
    if (dropAfter !== undefined && count > dropAfter) {
      ctx.session.close(`dropped after ${dropAfter} operations (fault drop-after)`);
      throw new LdapResultError(ResultCode.unavailable, 'connection dropped by fault injection');
    }
    if (latencyMs) await sleep(latencyMs, undefined, { signal: ctx.abort.signal() }).catch(() => undefined);
    if (answer === 'busy') throw new LdapResultError(ResultCode.busy, 'server busy (fault injection)');
    if (answer === 'unavailable') {
      throw new LdapResultError(ResultCode.unavailable, 'server unavailable (fault injection)');
    }
    if (operation.name === 'bind' && bindFailure && names(bindFailure.name, operation.request.name)) {
      throw new LdapResultError(bindFailure.code, bindFailure.diagnosticMessage ?? '');
    }
    return this.proceed(ctx, operation);
  }
}

/** Whether a canned failure's name (any bind when absent) is this bind's name. */
function names(canned: string | undefined, name: string): boolean {
  return canned === undefined || canned.toLowerCase() === name.toLowerCase();
}

/** What each listener does with new connections under these faults (refuse wins over hang). */
export function connectionFaults(faults: Faults): ConnectionFaults {
  const on = (fault: boolean | Listener | undefined, listener: Listener) =>
    fault === true || fault === listener;
  const of = (listener: Listener) =>
    on(faults.refuse, listener) ? 'refuse' : on(faults.hang, listener) ? 'hang' : 'none';
  return { ldap: of('ldap'), ldaps: of('ldaps') };
}
