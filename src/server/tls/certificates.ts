/**
 * Certificates for LDAPS and StartTLS: a CA and a server certificate it signs (SAN localhost,
 * 127.0.0.1 and ::1), plus the faulty ones fault injection serves. EC P-256 keys: generating a
 * set takes milliseconds where RSA-2048 takes hundreds, and tests start many servers.
 */
import { generate } from 'selfsigned';

export interface CertificateAuthority {
  readonly cert: string;
  readonly key: string;
}

export interface ServerCertificate {
  readonly cert: string;
  readonly key: string;
}

const day = 86_400_000;

export async function generateCA(): Promise<CertificateAuthority> {
  const pems = await generate([{ name: 'commonName', value: 'ldapmock test CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - day),
    notAfterDate: new Date(Date.now() + 3650 * day),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

export interface IssueOptions {
  readonly hostNames?: readonly string[];
  /** Validity window; defaults to yesterday … in ten years. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

export async function issueServerCertificate(
  ca: CertificateAuthority,
  options: IssueOptions = {},
): Promise<ServerCertificate> {
  const hostNames = options.hostNames ?? ['localhost', '127.0.0.1', '::1'];
  const pems = await generate([{ name: 'commonName', value: hostNames[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: options.notBefore ?? new Date(Date.now() - day),
    notAfterDate: options.notAfter ?? new Date(Date.now() + 3650 * day),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: hostNames.map((h) =>
          /^[\d.]+$|:/.test(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h },
        ),
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** Certificates fault injection serves: signed by the same CA, so only the fault is wrong. */
export function issueFaultyCertificate(
  ca: CertificateAuthority,
  kind: 'expired' | 'wrongHost',
): Promise<ServerCertificate> {
  if (kind === 'expired') {
    return issueServerCertificate(ca, {
      notBefore: new Date(Date.now() - 30 * day),
      notAfter: new Date(Date.now() - day),
    });
  }
  return issueServerCertificate(ca, { hostNames: ['wrong-host.invalid'] });
}
