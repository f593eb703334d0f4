/**
 * The LDAP and LDAPS listeners. Connection-level faults live here because only the socket layer
 * can produce them: a refused port (listener closed), a connection accepted and never answered,
 * and a different certificate on LDAPS and StartTLS.
 */
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { ConnectionFaults, Listener } from '../connection-faults.js';
import type { ServerLimits } from '../limits.js';
import type { LdapHandler } from '../operations.js';
import { LdapConnection, OrdinaryClose } from './connection.js';
import { type ClientVerification, type ServerTls, serverTlsSocket } from './server-tls.js';

export interface ServerCertificate {
  readonly cert: string;
  readonly key: string;
}

export interface WireOptions {
  readonly host: string;
  readonly port: number;
  /** null: no LDAPS listener. */
  readonly ldapsPort: number | null;
  readonly handler: LdapHandler;
  /** Asked for on the first TLS handshake (a generated one is made then). */
  readonly certificate: () => ServerCertificate;
  /** Client certificates: whether to ask for one, and the CA (PEM) that must have signed it. */
  readonly clientCertificates?: { readonly verify: ClientVerification; readonly ca?: () => string };
  readonly limits: ServerLimits;
  readonly onInternalError: (error: unknown) => void;
  /** A connection opened or closed (with why), for the server's log. */
  readonly onConnectionEvent: (event: ConnectionEvent) => void;
}

export type ConnectionEvent =
  | { readonly event: 'opened'; readonly session: number; readonly remote: string; readonly ldaps: boolean }
  | { readonly event: 'closed'; readonly session: number; readonly remote: string; readonly reason: string }
  | { readonly event: 'rejected'; readonly remote: string; readonly reason: string };

export class WireServer {
  private readonly plain: net.Server;
  private readonly secure: net.Server | undefined;
  private certificate: () => ServerCertificate;
  /** Made on the first TLS handshake: most servers of a test suite never see one. */
  private serverTls: ServerTls | undefined;
  private readonly connections = new Set<LdapConnection>();
  /** Connections held by the hang fault, with the listener that accepted them. */
  private readonly hung = new Map<net.Socket, Listener>();
  private connectionFaults: ConnectionFaults = { ldap: 'none', ldaps: 'none' };
  private boundPort = 0;
  private boundLdapsPort = 0;

  constructor(private readonly options: WireOptions) {
    this.certificate = options.certificate;
    this.plain = net.createServer((socket) => this.accept(socket, false));
    // LDAPS takes raw TCP and starts TLS itself, so a hung server (the hang fault) does not even
    // complete the handshake, as a stuck process would not.
    if (options.ldapsPort !== null) this.secure = net.createServer((socket) => this.accept(socket, true));
  }

  get port(): number {
    return this.boundPort;
  }

  get ldapsPort(): number | null {
    return this.secure ? this.boundLdapsPort : null;
  }

  async start(): Promise<void> {
    this.boundPort = await listen(this.plain, this.options.host, this.options.port);
    if (this.secure)
      this.boundLdapsPort = await listen(this.secure, this.options.host, this.options.ldapsPort ?? 0);
  }

  async stop(): Promise<void> {
    for (const connection of this.connections) connection.close(OrdinaryClose.serverStopped);
    for (const socket of this.hung.keys()) socket.destroy();
    await Promise.all([close(this.plain), this.secure ? close(this.secure) : undefined]);
  }

  /** Serve another certificate from now on (LDAPS and StartTLS), e.g. an expired one. */
  setCertificate(certificate: () => ServerCertificate): void {
    if (certificate === this.certificate) return;
    this.certificate = certificate;
    this.serverTls = undefined;
  }

  async setConnectionFaults(faults: ConnectionFaults): Promise<void> {
    const before = this.connectionFaults;
    this.connectionFaults = faults;
    // Closing a listener gives clients a real ECONNREFUSED; open connections stay up.
    await this.refuse(this.plain, before.ldap, faults.ldap, this.boundPort);
    if (this.secure) await this.refuse(this.secure, before.ldaps, faults.ldaps, this.boundLdapsPort);
    for (const [socket, listener] of this.hung) {
      if (faults[listener] !== 'hang') {
        socket.destroy();
        this.hung.delete(socket);
      }
    }
  }

  private async refuse(server: net.Server, before: string, after: string, port: number): Promise<void> {
    if (after === 'refuse' && before !== 'refuse') await close(server);
    else if (after !== 'refuse' && before === 'refuse') await listen(server, this.options.host, port);
  }

  private accept(raw: net.Socket, encrypted: boolean): void {
    raw.on('error', () => raw.destroy());
    const listener: Listener = encrypted ? 'ldaps' : 'ldap';
    if (this.connectionFaults[listener] === 'hang') {
      this.hung.set(raw, listener);
      raw.on('close', () => this.hung.delete(raw));
      return;
    }
    const remote = `${raw.remoteAddress ?? '?'}:${raw.remotePort ?? '?'}`;
    const { limits, onConnectionEvent } = this.options;
    if (this.connections.size >= limits.maxConnections) {
      // As slapd past its descriptor table: the connection is accepted and closed at once.
      raw.destroy();
      onConnectionEvent({
        event: 'rejected',
        remote,
        reason: `more than ${limits.maxConnections} connections`,
      });
      return;
    }
    const socket = encrypted ? this.startTls(raw) : raw;
    const connection = new LdapConnection(
      socket,
      {
        handler: this.options.handler,
        limits,
        tls: () => this.tls,
        onInternalError: this.options.onInternalError,
        onClose: (c, reason) => {
          this.connections.delete(c);
          onConnectionEvent({ event: 'closed', session: c.session.id, remote, reason });
        },
      },
      encrypted,
    );
    if (socket instanceof tls.TLSSocket) connection.identifyClient(socket, this.tls);
    this.connections.add(connection);
    onConnectionEvent({ event: 'opened', session: connection.session.id, remote, ldaps: encrypted });
  }

  private get tls(): ServerTls {
    if (!this.serverTls) {
      const clients = this.options.clientCertificates;
      const verifyClient = clients?.verify ?? 'never';
      const ca = verifyClient !== 'never' ? clients?.ca?.() || undefined : undefined;
      this.serverTls = {
        context: tls.createSecureContext({ ...this.certificate(), ...(ca && { ca }) }),
        verifyClient,
        ca: ca ? new X509Certificate(ca) : undefined,
      };
    }
    return this.serverTls;
  }

  /** The server side of an LDAPS connection; the LDAP layer reads once the handshake is done. */
  private startTls(raw: net.Socket): tls.TLSSocket {
    const secure = serverTlsSocket(raw, this.tls);
    // A failed handshake is the client's problem; one that never ends must not hold the socket.
    secure.on('error', () => secure.destroy());
    const timer = setTimeout(() => secure.destroy(), HANDSHAKE_TIMEOUT_MS).unref();
    secure.once('secure', () => clearTimeout(timer));
    secure.once('close', () => clearTimeout(timer));
    return secure;
  }
}

/** As Node's tls.Server: a client gets two minutes to finish the TLS handshake. */
const HANDSHAKE_TIMEOUT_MS = 120_000;

function listen(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.removeListener('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}
