/**
 * A minimal LDAP client connection for probes: requests are encoded with ldapts' message classes,
 * responses decoded by response-decoder.ts, so a probe sees exactly what the server sent
 * (matchedDN, diagnostic text, partial results, every control), including on errors.
 */

import * as net from 'node:net';
import { isIP, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { ExtendedRequest, UnbindRequest } from 'ldapts';
import {
  completeElementLength,
  decodeResponse,
  type EntryMessage,
  type IntermediateMessage,
  type ReferenceMessage,
  type ResponseMessage,
  type ResultMessage,
} from './response-decoder.js';

/** Everything the server sent for one request, in arrival order per kind. */
export interface Outcome {
  readonly entries: EntryMessage[];
  readonly references: ReferenceMessage[];
  readonly intermediates: IntermediateMessage[];
  readonly result: ResultMessage;
}

interface Pending {
  readonly entries: EntryMessage[];
  readonly references: ReferenceMessage[];
  readonly intermediates: IntermediateMessage[];
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export interface ConnectOptions {
  /** PEM CA bundle trusted for ldaps:// and StartTLS. */
  readonly ca: string;
  /** Per-request timeout; a server that never answers must not hang the suite. */
  readonly timeoutMs?: number;
}

/** Any ldapts request message (ldapts does not export its Message base class). */
export interface EncodableRequest {
  messageId: number;
  write(): Buffer;
}

export const STARTTLS_OID = '1.3.6.1.4.1.1466.20037';

export class ProbeConnection {
  /** Messages with messageID 0 (unsolicited notifications, e.g. Notice of Disconnection). */
  readonly unsolicited: ResponseMessage[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextMessageId = 1;
  private received: Buffer = Buffer.alloc(0);
  private closedReason: string | undefined;
  private readonly onData = (chunk: Buffer): void => this.consume(chunk);
  private readonly onClose = (): void => this.failAll('connection closed by the server');
  private readonly onError = (error: Error): void => this.failAll(`socket error: ${error.message}`);

  private constructor(
    private socket: Socket,
    private readonly host: string,
    private readonly options: ConnectOptions,
  ) {
    this.attach(socket);
  }

  static async open(url: string, options: ConnectOptions): Promise<ProbeConnection> {
    const parsed = new URL(url);
    const secure = parsed.protocol === 'ldaps:';
    if (!secure && parsed.protocol !== 'ldap:') throw new Error(`unsupported URL scheme in ${url}`);
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    const port = Number(parsed.port || (secure ? 636 : 389));
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = secure
        ? tls.connect({ host, port, ...tlsIdentity(host, options.ca) })
        : net.connect({ host, port });
      s.once(secure ? 'secureConnect' : 'connect', () => {
        s.removeListener('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
    return new ProbeConnection(socket, host, options);
  }

  get isClosed(): boolean {
    return this.closedReason !== undefined;
  }

  get isTls(): boolean {
    return this.socket instanceof tls.TLSSocket;
  }

  /** Sends a request (its messageId is assigned here) and resolves with everything answered to it. */
  send(message: EncodableRequest): Promise<Outcome> {
    if (this.closedReason !== undefined) return Promise.reject(new Error(this.closedReason));
    const messageId = this.nextMessageId++;
    message.messageId = messageId;
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    return new Promise<Outcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        reject(new Error(`no response to message ${messageId} within ${timeoutMs}ms`));
      }, timeoutMs);
      this.pending.set(messageId, { entries: [], references: [], intermediates: [], resolve, reject, timer });
      this.socket.write(message.write());
    });
  }

  /** StartTLS extended operation; on success the connection continues over TLS. */
  async startTls(): Promise<Outcome> {
    const outcome = await this.send(new ExtendedRequest({ messageId: 0, oid: STARTTLS_OID }));
    if (outcome.result.resultCode !== 0) return outcome;
    const plain = this.socket;
    plain.removeListener('data', this.onData);
    plain.removeListener('close', this.onClose);
    plain.removeListener('error', this.onError);
    this.socket = await new Promise<Socket>((resolve, reject) => {
      const secure = tls.connect({ socket: plain, ...tlsIdentity(this.host, this.options.ca) });
      secure.once('secureConnect', () => {
        secure.removeListener('error', reject);
        resolve(secure);
      });
      secure.once('error', reject);
    });
    this.attach(this.socket);
    return outcome;
  }

  /** Polite close: UnbindRequest (no response expected), then the socket is destroyed. */
  async close(): Promise<void> {
    if (this.closedReason === undefined) {
      const unbind = new UnbindRequest({ messageId: this.nextMessageId++ });
      await new Promise<void>((resolve) => this.socket.write(unbind.write(), () => resolve()));
    }
    this.closedReason ??= 'connection closed by the probe';
    this.socket.destroy();
  }

  private attach(socket: Socket): void {
    socket.on('data', this.onData);
    socket.on('close', this.onClose);
    socket.on('error', this.onError);
  }

  private consume(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    for (;;) {
      let length: number | undefined;
      let message: ResponseMessage;
      try {
        length = completeElementLength(this.received);
        if (length === undefined) return;
        message = decodeResponse(this.received.subarray(0, length));
      } catch (error) {
        this.failAll(`undecodable response: ${(error as Error).message}`);
        this.socket.destroy();
        return;
      }
      this.received = this.received.subarray(length);
      this.dispatch(message);
    }
  }

  private dispatch(message: ResponseMessage): void {
    if (message.messageId === 0) {
      this.unsolicited.push(message);
      return;
    }
    const pending = this.pending.get(message.messageId);
    if (pending === undefined) return;
    switch (message.kind) {
      case 'entry':
        pending.entries.push(message);
        return;
      case 'reference':
        pending.references.push(message);
        return;
      case 'intermediate':
        pending.intermediates.push(message);
        return;
      case 'result':
        clearTimeout(pending.timer);
        this.pending.delete(message.messageId);
        pending.resolve({
          entries: pending.entries,
          references: pending.references,
          intermediates: pending.intermediates,
          result: message,
        });
    }
  }

  private failAll(reason: string): void {
    this.closedReason ??= reason;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`${reason} (message ${id} unanswered)`));
    }
    this.pending.clear();
  }
}

/** TLS options checking the certificate against the probe's CA and the host (IP SAN or DNS name). */
function tlsIdentity(host: string, ca: string): tls.ConnectionOptions {
  return isIP(host) === 0 ? { ca, host, servername: host } : { ca, host };
}
