/**
 * Certificates for LDAPS and StartTLS: a CA and a server certificate it signs (SAN localhost,
 * 127.0.0.1 and ::1), plus the faulty ones fault injection serves. EC P-256 keys from node:crypto
 * and the certificate's DER written here (tls/der.ts): a set takes about a millisecond, where a
 * certificate library costs tens of milliseconds to load and RSA keys hundreds to generate — so
 * they are made when first needed, synchronously (a server makes its own on its first TLS
 * handshake: index.ts).
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import { isIPv4 } from 'node:net';
import {
  bitString,
  booleanTrue,
  children,
  explicit,
  octetString,
  oid,
  sequence,
  set,
  time,
  tlv,
  unsignedInteger,
  utf8String,
} from './der.js';

export interface CertificateAuthority {
  readonly cert: string;
  readonly key: string;
}

export interface ServerCertificate {
  readonly cert: string;
  readonly key: string;
}

export interface IssueOptions {
  readonly hostNames?: readonly string[];
  /** Validity window; defaults to yesterday … in ten years. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

const day = 86_400_000;
const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

const newKeyPair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

export function generateCA(): CertificateAuthority {
  const { privateKey, publicKey } = newKeyPair();
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const subject = commonName('ldapmock test CA');
  const cert = certificate({
    subject,
    spki,
    issuer: { name: subject, key: privateKey, keyId: keyId(spki) },
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + 3650 * day),
    extensions: [
      extension('2.5.29.19', sequence(booleanTrue()), true), // basicConstraints: cA
      extension('2.5.29.15', tlv(0x03, Buffer.from([0x01, 0x06])), true), // keyUsage: keyCertSign, cRLSign
      extension('2.5.29.14', octetString(keyId(spki))), // subjectKeyIdentifier
    ],
  });
  return { cert, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** Every server in a process signed by the same CA can serve the same default certificate. */
const defaultCertificates = new Map<string, ServerCertificate>();

export function issueServerCertificate(
  ca: CertificateAuthority,
  options: IssueOptions = {},
): ServerCertificate {
  if (options.hostNames || options.notBefore || options.notAfter) return issue(ca, options);
  let cached = defaultCertificates.get(ca.cert);
  if (!cached) defaultCertificates.set(ca.cert, (cached = issue(ca, options)));
  return cached;
}

/** Certificates fault injection serves: signed by the same CA, so only the fault is wrong. */
export function issueFaultyCertificate(
  ca: CertificateAuthority,
  kind: 'expired' | 'wrongHost',
): ServerCertificate {
  if (kind === 'expired') {
    return issueServerCertificate(ca, {
      notBefore: new Date(Date.now() - 30 * day),
      notAfter: new Date(Date.now() - day),
    });
  }
  return issueServerCertificate(ca, { hostNames: ['wrong-host.invalid'] });
}

/**
 * A client certificate for mutual TLS (SASL EXTERNAL): subject `CN=<commonName>`, clientAuth,
 * signed by the CA; a server verifying clients against that CA takes it.
 */
export function issueClientCertificate(ca: CertificateAuthority, name: string): ServerCertificate {
  const { privateKey, publicKey } = newKeyPair();
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const issuer = issuerOf(ca);
  const cert = certificate({
    subject: commonName(name),
    spki,
    issuer,
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + 3650 * day),
    extensions: [
      extension('2.5.29.19', sequence()), // basicConstraints: not a CA
      extension('2.5.29.15', tlv(0x03, Buffer.from([0x07, 0x80]))), // keyUsage: digitalSignature
      extension('2.5.29.37', sequence(oid('1.3.6.1.5.5.7.3.2'))), // extKeyUsage: clientAuth
      extension('2.5.29.14', octetString(keyId(spki))),
      extension('2.5.29.35', sequence(tlv(0x80, issuer.keyId))),
    ],
  });
  return { cert, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function issue(ca: CertificateAuthority, options: IssueOptions): ServerCertificate {
  const hostNames = options.hostNames ?? ['localhost', '127.0.0.1', '::1'];
  const { privateKey, publicKey } = newKeyPair();
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const issuer = issuerOf(ca);
  const cert = certificate({
    subject: commonName(hostNames[0] ?? 'localhost'),
    spki,
    issuer,
    notBefore: options.notBefore ?? new Date(Date.now() - day),
    notAfter: options.notAfter ?? new Date(Date.now() + 3650 * day),
    extensions: [
      extension('2.5.29.19', sequence()), // basicConstraints: not a CA
      extension('2.5.29.15', tlv(0x03, Buffer.from([0x07, 0x80]))), // keyUsage: digitalSignature
      extension('2.5.29.37', sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
      extension('2.5.29.17', sequence(...hostNames.map(generalName))), // subjectAltName
      extension('2.5.29.14', octetString(keyId(spki))),
      extension('2.5.29.35', sequence(tlv(0x80, issuer.keyId))), // authorityKeyIdentifier
    ],
  });
  return { cert, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

interface Issuer {
  readonly name: Buffer;
  readonly key: KeyObject;
  readonly keyId: Buffer;
}

/** The CA's subject (its exact DER, as issuer names must match) and key, from its PEMs. */
function issuerOf(ca: CertificateAuthority): Issuer {
  const [tbs] = children(new X509Certificate(ca.cert).raw);
  // TBSCertificate: version, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, …
  const fields = children(tbs!);
  return { name: fields[5]!, key: createPrivateKey(ca.key), keyId: keyId(fields[6]!) };
}

function certificate(fields: {
  readonly subject: Buffer;
  readonly spki: Buffer;
  readonly issuer: Issuer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly Buffer[];
}): string {
  const tbs = sequence(
    explicit(0, tlv(0x02, Buffer.from([2]))), // v3
    unsignedInteger(randomBytes(16)),
    ECDSA_WITH_SHA256,
    fields.issuer.name,
    sequence(time(fields.notBefore), time(fields.notAfter)),
    fields.subject,
    fields.spki,
    explicit(3, sequence(...fields.extensions)),
  );
  const signature = sign('sha256', tbs, fields.issuer.key);
  const der = sequence(tbs, ECDSA_WITH_SHA256, bitString(signature));
  const base64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

function commonName(value: string): Buffer {
  return sequence(set(sequence(oid('2.5.4.3'), utf8String(value))));
}

function extension(id: string, value: Buffer, critical = false): Buffer {
  return sequence(oid(id), ...(critical ? [booleanTrue()] : []), octetString(value));
}

/** RFC 5280 §4.2.1.2 (1): the SHA-1 of the subjectPublicKey bits. */
function keyId(spki: Buffer): Buffer {
  const bits = children(spki)[1]!;
  // BIT STRING: tag, length, the unused-bits octet, then the key.
  const header = bits[1]! & 0x80 ? 2 + (bits[1]! & 0x7f) : 2;
  return createHash('sha1')
    .update(bits.subarray(header + 1))
    .digest();
}

/** dNSName [2] or iPAddress [7] (4 or 16 octets). */
function generalName(host: string): Buffer {
  if (isIPv4(host)) return tlv(0x87, Buffer.from(host.split('.').map(Number)));
  if (host.includes(':')) return tlv(0x87, ipv6(host));
  return tlv(0x82, Buffer.from(host, 'latin1'));
}

function ipv6(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = Buffer.alloc(16);
  for (const [i, group] of all.entries()) bytes.writeUInt16BE(group, i * 2);
  return bytes;
}
