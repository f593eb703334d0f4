/**
 * One client connection: frames and decodes PDUs, runs each operation through the handler chain,
 * encodes the results, handles Abandon, Unbind and the StartTLS switch. Nothing a client sends can
 * throw out of here: undecodable input closes this connection only.
 */
import type { Socket } from 'node:net';
import type tls from 'node:tls';
import { ExtendedOid } from '../../core/extended-operations.js';
import { LdapResultError, ResultCode } from '../../core/result-code.js';
import type { ServerLimits } from '../limits.js';
import { OperationAbort } from '../operation-abort.js';
import type {
  ExtendedResult,
  LdapHandler,
  LdapResult,
  OperationContext,
  SearchResultEntry,
  Session,
} from '../operations.js';
import { type DecodedMessage, decodeMessage, OperationDecodeError } from './decode-request.js';
import {
  encodeNoticeOfDisconnection,
  encodeResult,
  encodeSearchEntry,
  encodeSearchReference,
  type RespondingOperation,
} from './encode-response.js';
import { FramingError, MessageFramer } from './framing.js';
import { OutputBatch } from './output-batch.js';
import { clientIdentity, type ServerTls, serverTlsSocket } from './server-tls.js';

export interface ConnectionOptions {
  readonly handler: LdapHandler;
  readonly limits: ConnectionLimits;
  /** TLS for StartTLS (and client certificates); undefined when the server has no certificate. */
  readonly tls: () => ServerTls | undefined;
  /** Called for unexpected internal errors (a bug, not a client problem). */
  readonly onInternalError: (error: unknown) => void;
  /** Called once, with why the connection ended. */
  readonly onClose: (connection: LdapConnection, reason: string) => void;
}

export type ConnectionLimits = Pick<
  ServerLimits,
  'maxMessageSize' | 'maxFilterDepth' | 'maxFilterSize' | 'idleTimeout' | 'maxOutstandingOperations'
>;

/** Why a connection ended when nothing went wrong; any other reason is worth a line in a log. */
/** The first octet of an LDAPMessage (a SEQUENCE); a TLS handshake record starts with 0x16. */
const LDAP_MESSAGE = 0x30;

export const OrdinaryClose = {
  unbind: 'unbind',
  byClient: 'closed by the client',
  serverStopped: 'server stopped',
} as const;

export function isOrdinaryClose(reason: string): boolean {
  return Object.values<string>(OrdinaryClose).includes(reason);
}

let nextSessionId = 1;

export class LdapConnection {
  readonly session: Session;
  private socket: Socket;
  private readonly framer: MessageFramer;
  private readonly inFlight = new Map<number, OperationAbort>();
  private closed = false;
  private idleTimer: NodeJS.Timeout | undefined;
  /** When the client last sent anything, for the idle timeout. */
  private lastRequest = performance.now();
  private disconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    socket: Socket,
    private readonly options: ConnectionOptions,
    encrypted: boolean,
  ) {
    this.socket = socket;
    this.framer = new MessageFramer(options.limits.maxMessageSize);
    this.session = {
      id: nextSessionId++,
      remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`,
      bindDN: '',
      encrypted,
      state: new Map(),
      close: (reason = 'closed by the server') => this.close(reason),
    };
    this.attach(socket);
    const { idleTimeout } = options.limits;
    if (idleTimeout > 0) this.idleTimer = setTimeout(this.checkIdle, idleTimeout * 1000).unref();
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.disconnectTimer);
    for (const abort of this.inFlight.values()) abort.abort();
    this.inFlight.clear();
    this.socket.destroy();
    this.options.handler.disconnected?.(this.session);
    this.options.onClose(this, reason);
  }

  private attach(socket: Socket): void {
    // Without this every multi-PDU response (entries + done) waits ~40 ms for a delayed ACK.
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('error', (error) => this.close(`socket error: ${error.message}`));
    socket.on('close', () => this.close(OrdinaryClose.byClient));
  }

  /**
   * Closes the connection once it has had no request for the idle timeout. As slapd's
   * idletimeout, a connection with operations in progress is not idle. One timer per connection,
   * re-armed for the time left, so that a request costs a timestamp, not a timer.
   */
  private readonly checkIdle = (): void => {
    const timeoutMs = this.options.limits.idleTimeout * 1000;
    const idleMs = performance.now() - this.lastRequest;
    if (this.inFlight.size === 0 && idleMs >= timeoutMs) {
      this.close(`idle for ${this.options.limits.idleTimeout} s (idle timeout)`);
      return;
    }
    const left = this.inFlight.size > 0 ? timeoutMs : timeoutMs - idleMs;
    this.idleTimer = setTimeout(this.checkIdle, left).unref();
  };

  private readonly onData = (data: Buffer): void => {
    this.lastRequest = performance.now();
    let frames: Buffer[];
    try {
      frames = this.framer.push(data);
    } catch (error) {
      if (!(error instanceof FramingError)) this.options.onInternalError(error);
      this.disconnect(2, error instanceof Error ? error.message : 'protocol error');
      return;
    }
    for (const frame of frames) {
      if (this.closed) return;
      try {
        this.receive(frame);
      } catch (error) {
        // A bug, not the client's doing: report it and end this connection, never the process.
        this.options.onInternalError(error);
        this.disconnect(ResultCode.other, 'internal server error');
        return;
      }
    }
  };

  private receive(frame: Buffer): void {
    let message: DecodedMessage;
    try {
      message = decodeMessage(frame, this.options.limits);
    } catch (error) {
      if (
        error instanceof OperationDecodeError &&
        error.op &&
        error.op !== 'abandon' &&
        error.op !== 'unbind'
      ) {
        this.writeAll([
          encodeResult(error.messageId, error.op, {
            code: ResultCode.protocolError,
            diagnosticMessage: 'decoding error',
          }),
        ]);
        return;
      }
      this.disconnect(2, 'decoding error', error instanceof Error ? error.message : undefined);
      return;
    }
    const { operation } = message;
    if (operation.op === 'unbind') {
      this.close(OrdinaryClose.unbind);
      return;
    }
    if (operation.op === 'abandon') {
      this.inFlight.get(operation.abandonId)?.abort();
      return;
    }
    const { maxOutstandingOperations } = this.options.limits;
    if (this.inFlight.size >= maxOutstandingOperations) {
      // slapd closes a connection with more than conn_max_pending_auth operations waiting.
      this.close(`more than ${maxOutstandingOperations} operations outstanding`);
      return;
    }
    void this.run(message, operation.op);
  }

  private async run(message: DecodedMessage, op: RespondingOperation): Promise<void> {
    const abort = new OperationAbort();
    this.inFlight.set(message.messageId, abort);
    const ctx: OperationContext = {
      session: this.session,
      messageId: message.messageId,
      controls: message.controls,
      abort,
    };
    const output = new OutputBatch(this.writeAll);
    let result: LdapResult | ExtendedResult;
    try {
      result = await this.dispatch(ctx, message, output);
    } catch (error) {
      result = errorResult(error, this.options.onInternalError);
    } finally {
      if (this.inFlight.get(message.messageId) === abort) this.inFlight.delete(message.messageId);
    }
    if (abort.aborted || this.closed) return;
    output.add(encodeResult(message.messageId, op, result));
    output.flush();
    if (
      message.operation.op === 'extended' &&
      message.operation.request.oid === ExtendedOid.startTls &&
      result.code === ResultCode.success
    ) {
      this.startTls();
    }
  }

  private dispatch(
    ctx: OperationContext,
    message: DecodedMessage,
    output: OutputBatch,
  ): Promise<LdapResult | ExtendedResult> {
    const { handler } = this.options;
    const { operation } = message;
    switch (operation.op) {
      case 'bind':
        return handler.bind(ctx, operation.request);
      case 'search': {
        const sink = {
          entry: (entry: SearchResultEntry) => {
            if (!ctx.abort.aborted) output.add(encodeSearchEntry(ctx.messageId, entry));
          },
          reference: (uris: readonly string[]) => {
            if (!ctx.abort.aborted) output.add(encodeSearchReference(ctx.messageId, uris));
          },
        };
        return handler.search(ctx, operation.request, sink);
      }
      case 'compare':
        return handler.compare(ctx, operation.request);
      case 'add':
        return handler.add(ctx, operation.request);
      case 'modify':
        return handler.modify(ctx, operation.request);
      case 'delete':
        return handler.delete(ctx, operation.request);
      case 'modifyDN':
        return handler.modifyDN(ctx, operation.request);
      case 'extended':
        if (operation.request.oid === ExtendedOid.startTls) return this.checkStartTls(ctx);
        return handler.extended(ctx, operation.request);
      default:
        throw new Error(`unreachable: ${operation.op}`);
    }
  }

  /** The wire knows what the profile cannot: certificates and outstanding operations. */
  private async checkStartTls(ctx: OperationContext): Promise<ExtendedResult> {
    if (this.inFlight.size > 1) {
      return {
        code: ResultCode.operationsError,
        diagnosticMessage: 'cannot start TLS when operations are outstanding',
      };
    }
    if (!this.options.tls())
      return { code: ResultCode.unavailable, diagnosticMessage: 'Could not initialize TLS' };
    return this.options.handler.extended(ctx, { oid: ExtendedOid.startTls });
  }

  /**
   * After the success response the client's next bytes must open the TLS handshake (a TLS
   * record, 0x16). An LDAP message there (a SEQUENCE, 0x30) comes from a client that did not wait
   * for the response (RFC 4511 §4.14.1): a bind's password crossed the network in clear. slapd
   * fails the handshake and closes the connection; so does this, and the journal keeps what came.
   */
  private startTls(): void {
    const raw = this.socket;
    const config = this.options.tls();
    if (!config) return;
    raw.removeListener('data', this.onData);
    raw.once('data', (first: Buffer) => {
      if (this.closed) return;
      if (first[0] === LDAP_MESSAGE) {
        this.refuseClearAfterStartTls(first);
        return;
      }
      raw.pause();
      raw.unshift(first);
      raw.removeAllListeners('close');
      raw.removeAllListeners('error');
      const secure = serverTlsSocket(raw, config);
      this.socket = secure;
      this.session.encrypted = true;
      this.attach(secure);
      this.identifyClient(secure, config);
    });
  }

  /** Once the handshake is done, the client certificate's subject is the identity EXTERNAL binds as. */
  identifyClient(secure: tls.TLSSocket, config: ServerTls): void {
    secure.once('secure', () => {
      const identity = clientIdentity(secure, config);
      if (identity !== undefined) this.session.clientIdentity = identity;
    });
  }

  private refuseClearAfterStartTls(data: Buffer): void {
    let frames: Buffer[] = [];
    try {
      frames = this.framer.push(data);
    } catch {
      // Not even framed: nothing to journal, the connection closes all the same.
    }
    for (const frame of frames) {
      let message: DecodedMessage;
      try {
        message = decodeMessage(frame, this.options.limits);
      } catch {
        continue;
      }
      const { operation } = message;
      if (operation.op === 'abandon' || operation.op === 'unbind') continue;
      const ctx = {
        session: this.session,
        messageId: message.messageId,
        controls: message.controls,
        abort: new OperationAbort(),
      };
      this.options.handler.refusedByWire?.(ctx, operation, {
        code: ResultCode.protocolError,
        diagnosticMessage: 'received in clear after StartTLS, before the TLS handshake: not processed',
      });
    }
    this.close('an LDAP message in clear where the StartTLS handshake should begin');
  }

  /** Several PDUs in one writev (corked), not a syscall each. */
  private readonly writeAll = (pdus: readonly Buffer[]): void => {
    if (this.closed || this.socket.destroyed) return;
    if (pdus.length === 1) {
      this.socket.write(pdus[0]!);
      return;
    }
    this.socket.cork();
    for (const pdu of pdus) this.socket.write(pdu);
    this.socket.uncork();
  };

  /**
   * Tell the client why, stop reading, and give the notice a moment to flush before closing;
   * `detail` is for the server's log only.
   */
  private disconnect(code: number, diagnosticMessage: string, detail = diagnosticMessage): void {
    if (this.closed) return;
    const reason = `notice of disconnection (${code}): ${detail}`;
    this.socket.removeListener('data', this.onData);
    this.socket.removeAllListeners('close');
    this.socket.on('close', () => this.close(reason));
    this.socket.end(encodeNoticeOfDisconnection(code, diagnosticMessage));
    this.disconnectTimer = setTimeout(() => this.close(reason), 1000).unref();
  }
}

function errorResult(error: unknown, onInternalError: (error: unknown) => void): LdapResult {
  if (error instanceof LdapResultError) {
    return { code: error.code, diagnosticMessage: error.diagnosticMessage, matchedDN: error.matchedDN };
  }
  onInternalError(error);
  return { code: ResultCode.other, diagnosticMessage: 'internal server error' };
}
