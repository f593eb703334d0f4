/**
 * A configuration's certificate files: taken when the certificate and key are here, each setting
 * named (with why) when not, a missing CA named on its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverTlsOf, type TlsFileSettings } from '../../../src/server/bootstrap/tls-files.js';
import { generateCA, issueServerCertificate } from '../../../src/server/tls/certificates.js';

let dir: string;
let pem: { cert: string; key: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ldapmock-tls-files-'));
  pem = issueServerCertificate(generateCA());
  writeFileSync(join(dir, 'server.crt'), pem.cert);
  writeFileSync(join(dir, 'server.key'), pem.key);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const setting = (name: string, path: string, line: number) => ({
  name,
  path,
  source: join(dir, 'tls.ldif'),
  where: `tls.ldif:${line}`,
});

describe('serverTlsOf', () => {
  it('the certificate and key here, the CA not: served without the CA, which is named', () => {
    const notices: string[] = [];
    const problems: string[] = [];
    const settings: TlsFileSettings = {
      cert: setting('olcTLSCertificateFile', 'server.crt', 1),
      key: setting('olcTLSCertificateKeyFile', join(dir, 'server.key'), 1),
      ca: setting('olcTLSCACertificateFile', '/container/ca.crt', 1),
    };
    expect(serverTlsOf(settings, notices, problems)).toEqual({ cert: pem.cert, key: pem.key });
    expect(notices).toEqual([
      'ignored: olcTLSCACertificateFile /container/ca.crt in tls.ldif:1: no such file here',
    ]);
    expect(problems).toEqual([]);
  });

  it('a key that is not here: nothing taken, both settings named with why', () => {
    const notices: string[] = [];
    const settings: TlsFileSettings = {
      cert: setting('TLSCertificateFile', 'server.crt', 3),
      key: setting('TLSCertificateKeyFile', 'missing.key', 4),
    };
    expect(serverTlsOf(settings, notices, [])).toBeUndefined();
    expect(notices).toEqual([
      'ignored: TLSCertificateFile server.crt in tls.ldif:3: the certificate or its key is not here; the generated certificate serves',
      'ignored: TLSCertificateKeyFile missing.key in tls.ldif:4: no such file here; the generated certificate serves',
    ]);
  });

  it('no settings: nothing to say', () => {
    const notices: string[] = [];
    expect(serverTlsOf({}, notices, [])).toBeUndefined();
    expect(notices).toEqual([]);
  });
});
