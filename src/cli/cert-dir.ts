/**
 * The directory where `serve` keeps its generated CA (ca.crt, ca.key) and `cert client` writes
 * client certificates the CA signs: reused on later starts, so clients keep trusting the server
 * and the server keeps trusting their certificates.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CertificateAuthority } from '../server/tls/certificates.js';

export const DEFAULT_CERT_DIR = '.ldapmock';

export async function loadOrCreateCA(dir: string): Promise<CertificateAuthority> {
  const certPath = resolve(dir, 'ca.crt');
  const keyPath = resolve(dir, 'ca.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  }
  const { generateCA } = await import('../server/tls/certificates.js');
  const ca = generateCA();
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyPath, ca.key, { mode: 0o600 });
  writeFileSync(certPath, ca.cert);
  return ca;
}
