/**
 * A request the control endpoint and the console make to the engine on their own account: a
 * session of no connection (loopback, so counted as encrypted: profiles that refuse some binds
 * in clear must not refuse these), bound as `bindDN`.
 */
import { OperationAbort } from '../operation-abort.js';
import type { OperationContext } from '../operations.js';

export function internalRequest(remote: string, bindDN: string): OperationContext {
  return {
    session: { id: 0, remote, bindDN, encrypted: true, state: new Map(), close: () => undefined },
    messageId: 0,
    controls: [],
    abort: new OperationAbort(),
  };
}
