/** The PEM settings checked when the configuration is written, as OpenBao does: certificates and the client key. */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { Problems } from './values.js';

interface PemBlock {
  readonly label: string;
  readonly text: string;
}

/** The PEM blocks of `text`, in order (text between blocks is ignored, as Go's pem.Decode skips it). */
function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let at = 0;
  for (;;) {
    const begin = text.indexOf('-----BEGIN ', at);
    if (begin < 0) return blocks;
    const labelEnd = text.indexOf('-----', begin + 11);
    if (labelEnd < 0) return blocks;
    const label = text.slice(begin + 11, labelEnd);
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, labelEnd + 5);
    if (end < 0) {
      blocks.push({ label, text: '' });
      return blocks;
    }
    blocks.push({ label, text: text.slice(begin, end + endMarker.length) });
    at = end + endMarker.length;
  }
}

/** Checks a PEM certificate bundle; returns the first certificate, or records the problem. */
export function checkCertificates(key: string, pem: string, problems: Problems): X509Certificate | undefined {
  const blocks = pemBlocks(pem);
  if (blocks.length === 0)
    return problems.add(key, 'no PEM block found (expected -----BEGIN CERTIFICATE-----)');
  let first: X509Certificate | undefined;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const which = blocks.length > 1 ? `PEM block ${i + 1} of ${blocks.length}` : 'the PEM block';
    if (block.text === '') return problems.add(key, `${which} (${block.label}) has no END line`);
    if (block.label !== 'CERTIFICATE') {
      return problems.add(key, `${which} is ${JSON.stringify(block.label)}, expected CERTIFICATE`);
    }
    try {
      const certificate = new X509Certificate(block.text);
      first ??= certificate;
    } catch (error) {
      return problems.add(key, `${which} is not a parseable X.509 certificate: ${(error as Error).message}`);
    }
  }
  return first;
}

export function checkPrivateKey(pem: string, problems: Problems): KeyObject | undefined {
  // PKCS#8 `ENCRYPTED PRIVATE KEY`, or a legacy PEM with a `Proc-Type: 4,ENCRYPTED` header.
  // Checked by label because OpenSSL reports a missing passphrase as a generic decoder error.
  if (pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || pem.includes('Proc-Type: 4,ENCRYPTED')) {
    return problems.add('client_tls_key', 'the private key is encrypted; give it unencrypted');
  }
  try {
    return createPrivateKey(pem);
  } catch {
    // OpenSSL's reason says nothing useful to the user, and must not risk quoting the key.
    return problems.add('client_tls_key', 'not a parseable PEM private key');
  }
}
