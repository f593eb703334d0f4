/**
 * The server end of TLS (LDAPS and StartTLS alike), and client certificates as slapd's
 * TLSVerifyClient takes them: `never` asks for none; `allow` asks, and a missing or unverifiable
 * one is ignored; `try` asks, a missing one is fine but an unverifiable one ends the handshake;
 * `demand` requires a verified one. A verified certificate's subject, as an LDAP DN
 * (`cn=alice,o=acme`), is the identity SASL EXTERNAL binds as.
 */
import type net from 'node:net';
import tls from 'node:tls';
import { formatDN } from '../../core/dn-format.js';

export const CLIENT_VERIFICATION = ['never', 'allow', 'try', 'demand'] as const;
export type ClientVerification = (typeof CLIENT_VERIFICATION)[number];

export interface ServerTls {
  readonly context: tls.SecureContext;
  readonly verifyClient: ClientVerification;
}

export function serverTlsSocket(raw: net.Socket, config: ServerTls): tls.TLSSocket {
  return new tls.TLSSocket(raw, {
    isServer: true,
    secureContext: config.context,
    requestCert: config.verifyClient !== 'never',
    rejectUnauthorized: config.verifyClient === 'demand',
  });
}

/**
 * After the handshake: the verified client certificate's subject as a DN; undefined without one;
 * 'refuse' for `try` and a certificate that did not verify.
 */
export function clientIdentity(
  socket: tls.TLSSocket,
  verifyClient: ClientVerification,
): string | undefined | 'refuse' {
  if (verifyClient === 'never') return undefined;
  const peer = socket.getPeerX509Certificate();
  if (!peer) return undefined;
  if (!socket.authorized) return verifyClient === 'try' ? 'refuse' : undefined;
  return subjectDN(peer.subject);
}

/** `C=US\nO=Acme\nCN=alice` (X.509 order, most significant first) → `cn=alice,o=Acme,c=US`. */
export function subjectDN(subject: string): string {
  const rdns = subject
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => {
      const equals = line.indexOf('=');
      return [{ type: line.slice(0, equals).toLowerCase(), value: line.slice(equals + 1) }];
    });
  return formatDN(rdns.reverse());
}
