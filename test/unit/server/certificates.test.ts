import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateCA,
  issueFaultyCertificate,
  issueServerCertificate,
} from '../../../src/server/tls/certificates.js';

describe('certificates', () => {
  it('a CA and a server certificate it signs, for localhost, 127.0.0.1 and ::1', () => {
    const ca = generateCA();
    const server = issueServerCertificate(ca);
    const caCert = new X509Certificate(ca.cert);
    const cert = new X509Certificate(server.cert);
    expect(caCert.ca).toBe(true);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('example.org')).toBeUndefined();
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 3000 * 86_400_000);
  });

  it('signs with a CA read back from its PEMs (the CLI keeps them in --cert-dir)', () => {
    const ca = generateCA();
    const copy = { cert: `${ca.cert}`, key: `${ca.key}` };
    const cert = new X509Certificate(issueServerCertificate(copy, { hostNames: ['db.test'] }).cert);
    expect(cert.checkIssued(new X509Certificate(ca.cert))).toBe(true);
    expect(cert.checkHost('db.test')).toBe('db.test');
  });

  it('every server of a process shares the default certificate of its CA; other CAs get their own', () => {
    const ca = generateCA();
    expect(issueServerCertificate(ca)).toBe(issueServerCertificate(ca));
    expect(issueServerCertificate(generateCA())).not.toBe(issueServerCertificate(ca));
  });

  it('faulty certificates: expired, or for another host, both signed by the same CA', () => {
    const ca = generateCA();
    const caCert = new X509Certificate(ca.cert);
    const expired = new X509Certificate(issueFaultyCertificate(ca, 'expired').cert);
    expect(new Date(expired.validTo).getTime()).toBeLessThan(Date.now());
    expect(expired.checkIssued(caCert)).toBe(true);
    const wrongHost = new X509Certificate(issueFaultyCertificate(ca, 'wrongHost').cert);
    expect(wrongHost.checkHost('localhost')).toBeUndefined();
    expect(wrongHost.checkIP('127.0.0.1')).toBeUndefined();
    expect(wrongHost.checkHost('wrong-host.invalid')).toBe('wrong-host.invalid');
  });
});
