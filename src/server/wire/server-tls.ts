/**
 * The server end of TLS (LDAPS and StartTLS alike), and client certificates as slapd's
 * TLSVerifyClient takes them: `never` asks for none; `allow` and `try` ask, and a missing or
 * unverifiable one is ignored (slapd 2.5 with OpenSSL goes on with a certificate of an unknown CA
 * under `try` too: measured); `demand` requires a verified one, or the handshake fails. A verified
 * certificate's subject, as an LDAP DN (`cn=alice,o=acme`), is the identity SASL EXTERNAL binds as.
 */
import type { X509Certificate } from 'node:crypto';
import type net from 'node:net';
import tls from 'node:tls';
import { formatDN } from '../../core/dn-format.js';

export const CLIENT_VERIFICATION = ['never', 'allow', 'try', 'demand'] as const;
export type ClientVerification = (typeof CLIENT_VERIFICATION)[number];

export interface ServerTls {
  readonly context: tls.SecureContext;
  readonly verifyClient: ClientVerification;
  /** The CA client certificates must be signed by. */
  readonly ca?: X509Certificate | undefined;
}

/**
 * Throws, naming `option`, when a certificate, key or CA given as PEM does not load; the server
 * makes its TLS context only on the first handshake, which is too late to say so.
 */
export function checkCertificate(
  given: { readonly cert: string; readonly key: string; readonly ca?: string | undefined },
  option: string,
): void {
  try {
    tls.createSecureContext({ cert: given.cert, key: given.key, ...(given.ca && { ca: given.ca }) });
  } catch (error) {
    throw new TypeError(
      `${option}: the certificate, key or CA does not load (${error instanceof Error ? error.message : String(error)})`,
    );
  }
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
 * After the handshake: the client certificate's subject as a DN when the CA signed it and it is
 * in its validity period; undefined without one. Node checks a hand-made server socket's peer
 * for nobody (only tls.Server does), so it is checked here; `demand` ends a connection whose
 * certificate fails (one without any fails the handshake itself).
 */
export function clientIdentity(socket: tls.TLSSocket, config: ServerTls): string | undefined {
  if (config.verifyClient === 'never') return undefined;
  const peer = socket.getPeerX509Certificate();
  if (peer && config.ca && verifiedBy(peer, config.ca)) return subjectDN(peer.subject);
  if (config.verifyClient === 'demand') socket.destroy();
  return undefined;
}

function verifiedBy(peer: X509Certificate, ca: X509Certificate): boolean {
  const now = Date.now();
  return (
    peer.checkIssued(ca) &&
    peer.verify(ca.publicKey) &&
    Date.parse(peer.validFrom) <= now &&
    now <= Date.parse(peer.validTo)
  );
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
