/**
 * Client certificates and SASL EXTERNAL, as slapd with TLSVerifyClient does them (the interop
 * suite holds the same answers against real slapd): a verified certificate's subject is the
 * identity, mapped by authz-regexp; without one, or with one the CA did not sign, EXTERNAL is
 * an unavailable mechanism; `demand` lets no connection without a certificate through.
 */
import { Client } from 'ldapts';
import { afterEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import {
  type CertificateAuthority,
  generateCA,
  issueClientCertificate,
} from '../../src/server/tls/certificates.js';
import { OL } from './default-fixtures.js';

const ca: CertificateAuthority = generateCA();
const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function server(options: Parameters<typeof startMockServer>[0]): Promise<MockServer> {
  const started = await startMockServer({ certificateAuthority: ca, ...options });
  servers.push(started);
  return started;
}

type Pem = { cert: string; key: string } | undefined;

/** Binds with EXTERNAL over StartTLS (or LDAPS) presenting `certificate`; WhoAmI's answer, or the error. */
async function external(target: MockServer, certificate: Pem, ldaps = false): Promise<string> {
  const tls = { ca: [target.caCertificate], ...certificate };
  const client = new Client({
    url: ldaps ? target.ldapsUrl! : target.url,
    // A connection `demand` ends after the handshake leaves ldapts waiting: it gives up after this.
    timeout: 1500,
    connectTimeout: 1500,
    ...(ldaps && { tlsOptions: tls }),
  });
  try {
    if (!ldaps) await client.startTLS(tls);
    await client.bind('EXTERNAL');
    const { value } = await client.exop('1.3.6.1.4.1.4203.1.11.3');
    return String(value);
  } catch (error) {
    return `${(error as { code?: number }).code ?? ''} ${(error as Error).message}`.trim();
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

async function mechanisms(target: MockServer, certificate: Pem): Promise<unknown> {
  const client = new Client({ url: target.url });
  try {
    await client.startTLS({ ca: [target.caCertificate], ...certificate });
    const { searchEntries } = await client.search('', {
      scope: 'base',
      attributes: ['supportedSASLMechanisms'],
    });
    return searchEntries[0]?.['supportedSASLMechanisms'] ?? [];
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

const UNAVAILABLE = /^7 SASL\(-4\): no mechanism available:/;

describe('TLSVerifyClient allow', () => {
  it('EXTERNAL binds as the subject of a certificate the CA signed, over StartTLS and LDAPS', async () => {
    const target = await server({ tlsVerifyClient: 'allow' });
    const alice = issueClientCertificate(ca, 'alice');
    expect(await external(target, alice)).toBe('dn:cn=alice');
    expect(await external(target, alice, true)).toBe('dn:cn=alice');
    expect(target.journal.binds({ boundAs: '' }).map((b) => [b.method, b.mechanism, b.code])).toEqual([
      ['sasl', 'EXTERNAL', 0],
      ['sasl', 'EXTERNAL', 0],
    ]);
    expect(await mechanisms(target, alice)).toBe('EXTERNAL');
  });

  it('without a certificate, or with one another CA signed, EXTERNAL is unavailable and not advertised', async () => {
    const target = await server({ tlsVerifyClient: 'allow' });
    const mallory = issueClientCertificate(generateCA(), 'mallory');
    expect(await external(target, undefined)).toMatch(UNAVAILABLE);
    expect(await external(target, mallory)).toMatch(UNAVAILABLE);
    expect(await mechanisms(target, mallory)).toEqual([]);
  });

  it('authz-regexp maps the subject to an entry, which then reads as that user', async () => {
    const target = await server({
      tlsVerifyClient: 'allow',
      authzRegexp: [{ match: '^cn=([^,]+)$', replace: `uid=$1,${OL.people}` }],
    });
    const alice = issueClientCertificate(ca, 'alice');
    expect(await external(target, alice)).toBe(`dn:${OL.alice}`);
  });
});

describe('TLSVerifyClient never and demand', () => {
  it('never asks for a certificate: EXTERNAL is unavailable even with one', async () => {
    const target = await server({});
    const alice = issueClientCertificate(ca, 'alice');
    expect(await external(target, alice)).toMatch(UNAVAILABLE);
  });

  it('demand ends a connection without a verified certificate, and takes one with', async () => {
    const target = await server({ tlsVerifyClient: 'demand' });
    const alice = issueClientCertificate(ca, 'alice');
    const mallory = issueClientCertificate(generateCA(), 'mallory');
    expect(await external(target, alice)).toBe('dn:cn=alice');
    expect(await external(target, undefined)).not.toMatch(/^dn:/);
    expect(await external(target, mallory)).not.toMatch(/^dn:/);
    expect(target.journal.binds().filter((b) => b.code === 0)).toHaveLength(1);
  });

  it('a simple bind after StartTLS with a certificate is still a simple bind', async () => {
    const target = await server({ tlsVerifyClient: 'allow' });
    const alice = issueClientCertificate(ca, 'bob');
    const client = new Client({ url: target.url });
    await client.startTLS({ ca: [target.caCertificate], ...alice });
    await client.bind(OL.alice, OL.alicePassword);
    const { value } = await client.exop('1.3.6.1.4.1.4203.1.11.3');
    await client.unbind();
    expect(String(value)).toBe(`dn:${OL.alice}`);
  });
});
