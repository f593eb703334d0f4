/**
 * Dialing the directory as OpenBao does (research/openbao-ldaputil.md §3): every URL of the list in
 * order, each within connection_timeout; ldap:// optionally upgraded with StartTLS, ldaps:// over
 * TLS from the first byte; the first that answers wins, and when none does the error lists each
 * URL's reason. The socket is opened here and handed to ldapts, which has no connect() of its
 * own, so a dead server fails over within the timeout instead of at the first operation.
 */
import net from 'node:net';
import tls from 'node:tls';
import { Client } from 'ldapts';
import { type LdapUrl, maskUserInfo, parseLdapUrl } from './config/ldap-url.js';
import { type ConnectionAttempt, ConnectionError } from './errors/index.js';
import { failOnSizeLimitExceeded } from './size-limit-guard.js';

class StartTlsFailure extends Error {}

export interface TlsSettings {
  /** PEM of the CA certificates to trust; undefined = the system's. */
  readonly ca?: string | undefined;
  readonly clientCertificate?: { readonly cert: string; readonly key: string } | undefined;
  readonly minVersion: tls.SecureVersion;
  readonly maxVersion: tls.SecureVersion;
  /** insecure_tls: no certificate or host name check. */
  readonly insecure: boolean;
}

export interface DialSettings {
  readonly urls: readonly string[];
  readonly startTls: boolean;
  readonly tls: TlsSettings;
  /** Per URL; 0 = no limit. */
  readonly connectionTimeoutMs: number;
  /** Per operation; 0 = no limit. */
  readonly requestTimeoutMs: number;
}

export interface Connection {
  readonly client: Client;
  readonly url: string;
  /** How the connection is protected: TLS from the first byte, upgraded by StartTLS, or not at all. */
  readonly protection: 'ldaps' | 'startTLS' | 'none';
  close(): Promise<void>;
}

export async function dial(settings: DialSettings): Promise<Connection> {
  const failures: ConnectionAttempt[] = [];
  for (const configured of settings.urls) {
    const url = maskUserInfo(configured);
    let parsed: LdapUrl;
    try {
      parsed = parseLdapUrl(configured);
    } catch (error) {
      const reason = (error as Error).message;
      failures.push({ url, failure: reason.startsWith('unsupported scheme') ? 'scheme' : 'parse', reason });
      continue;
    }
    try {
      return await connect(url, parsed, settings);
    } catch (error) {
      failures.push({
        url,
        failure: error instanceof StartTlsFailure ? 'startTLS' : 'connect',
        reason: describe(error),
      });
    }
  }
  throw new ConnectionError(failures);
}

async function connect(url: string, parsed: LdapUrl, settings: DialSettings): Promise<Connection> {
  const { host, port } = parsed;
  const secure = parsed.scheme === 'ldaps';
  const tlsOptions = tlsConnectionOptions(host, settings.tls);
  const socket = await openSocket(host, port, secure ? tlsOptions : undefined, settings.connectionTimeoutMs);
  let handed = false;
  // ldapts calls the factory to connect, and again to reconnect; only the first call gets our socket.
  const reuse = <T>(fallback: T) =>
    ((...args: unknown[]) => {
      if (handed) return (fallback as (...a: unknown[]) => net.Socket)(...args);
      handed = true;
      return socket;
    }) as unknown as T;
  const client = new Client({
    url: `${parsed.scheme}://${net.isIPv6(host) ? `[${host}]` : host}:${port}`,
    ...(settings.requestTimeoutMs > 0 && { timeout: settings.requestTimeoutMs }),
    ...(settings.connectionTimeoutMs > 0 && { connectTimeout: settings.connectionTimeoutMs }),
    ...(secure
      ? { tlsOptions, createSecureConnection: reuse(tls.connect) }
      : { createConnection: reuse(net.connect) }),
    strictDN: false,
  });
  failOnSizeLimitExceeded(client);
  const close = async () => {
    await client.unbind().catch(() => undefined);
    socket.destroy();
  };
  if (!secure && settings.startTls) {
    try {
      // StartTLS is part of connecting, so connection_timeout bounds it: a server that accepts
      // and never answers must not hold the failover for request_timeout.
      await withTimeout(client.startTLS(tlsOptions), settings.connectionTimeoutMs, () => {
        socket.destroy();
        return new Error(`StartTLS: no answer within ${settings.connectionTimeoutMs} ms`);
      });
    } catch (error) {
      await close();
      throw new StartTlsFailure(describe(error));
    }
  }
  const protection = secure ? 'ldaps' : settings.startTls ? 'startTLS' : 'none';
  return { client, url, protection, close };
}

function tlsConnectionOptions(host: string, settings: TlsSettings): tls.ConnectionOptions {
  return {
    // The name the certificate is checked against. Node takes it from `servername` (never an IP)
    // or `host`, and for StartTLS's upgraded socket would otherwise check "localhost".
    host,
    ...(net.isIP(host) === 0 && { servername: host }),
    minVersion: settings.minVersion,
    maxVersion: settings.maxVersion,
    rejectUnauthorized: !settings.insecure,
    ...(settings.ca !== undefined && { ca: settings.ca }),
    ...(settings.clientCertificate && {
      cert: settings.clientCertificate.cert,
      key: settings.clientCertificate.key,
    }),
  };
}

function openSocket(
  host: string,
  port: number,
  tlsOptions: tls.ConnectionOptions | undefined,
  timeoutMs: number,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = tlsOptions ? tls.connect({ ...tlsOptions, host, port }) : net.connect({ host, port });
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            socket.destroy();
            reject(new Error(`dial tcp ${host}:${port}: i/o timeout after ${timeoutMs} ms`));
          }, timeoutMs)
        : undefined;
    socket.once(tlsOptions ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}

function withTimeout<T>(operation: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  if (timeoutMs <= 0) return operation;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  // The operation may still settle after the timeout: its rejection is expected, not unhandled.
  operation.catch(() => undefined);
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
