/**
 * capture against the real servers of the interop suites: slapd and a Samba AD DC read into
 * anonymised fixtures, served by the mock under the profile guessed from the rootDSE, and the
 * same logins and group searches (with the pseudonymised names) give the same groups there as
 * on the original. No original name, mail or SID is left in the output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS as AD_USERS, ALICE, SVC_LDAP, userDN } from '../../scripts/gen-ad-fixture.js';
import { type CaptureResult, capture, DEFAULT_CAPTURE_PASSWORD } from '../../src/capture/index.js';
import { LdapAuthenticator } from '../../src/client/authenticator.js';
import type { LdapAuthConfig } from '../../src/client/config/index.js';
import { readLdif } from '../../src/core/ldif-reader.js';
import { decodeSid } from '../../src/core/sid.js';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { type SambaInstance, startSambaForSuite } from './samba.js';
import { type SlapdInstance, startSlapdForSuite } from './slapd.js';

const SECRET = Buffer.alloc(32, 11);

async function groups(config: LdapAuthConfig, user: string, password: string): Promise<string[]> {
  return [...(await new LdapAuthenticator(config).login(user, password)).ldapGroups].sort();
}

describe('capture of real slapd', () => {
  let slapd: SlapdInstance;
  let result: CaptureResult;
  let copy: MockServer;

  beforeAll(async () => {
    slapd = await startSlapdForSuite('capture');
    result = await capture({
      url: slapd.url,
      bindDN: slapd.rootDN,
      bindPassword: slapd.rootPassword,
      secret: SECRET,
      schema: true,
    });
    copy = await startMockServer({ profile: result.profile, ldif: [result.ldif] });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([slapd?.stop(), copy?.stop()]);
  });

  it('is guessed as openldap and serves every entry', () => {
    expect(result.profile).toBe('openldap');
    expect(copy.directory.size).toBe(result.report.entries);
    expect(result.report.entries).toBeGreaterThan(600);
  });

  it('gives alice (pseudonymised) the same groups, direct and through memberUid', async () => {
    const p = result.pseudonyms;
    const config = (url: string, map: (dn: string) => string, bind: [string, string]): LdapAuthConfig => ({
      url,
      binddn: bind[0],
      bindpass: bind[1],
      userdn: map(`ou=people,${slapd.baseDN}`),
      userattr: 'uid',
      groupdn: map(`ou=groups,${slapd.baseDN}`),
    });
    const original = await groups(
      config(slapd.url, (dn) => dn, [slapd.rootDN, slapd.rootPassword]),
      'alice',
      'alice-password',
    );
    const captured = await groups(
      config(copy.url, (dn) => p.dn(dn), [copy.rootDN, 'admin']),
      p.text('alice'),
      DEFAULT_CAPTURE_PASSWORD,
    );
    expect(original.length).toBeGreaterThan(0);
    expect(captured).toEqual(original.map((g) => p.text(g)).sort());
  });

  it('leaves no original name or mail', () => {
    for (const original of ['alice', 'Liddell', 'developers', 'engineering', 'alice@example.org']) {
      expect(result.ldif.toLowerCase()).not.toContain(original.toLowerCase());
    }
  });
});

describe('capture of a real Samba AD DC', () => {
  let samba: SambaInstance;
  let result: CaptureResult;
  let copy: MockServer;

  beforeAll(async () => {
    samba = await startSambaForSuite('capture');
    result = await capture({
      url: samba.url,
      bindDN: samba.rootDN,
      bindPassword: samba.rootPassword,
      secret: SECRET,
      schema: true,
    });
    copy = await startMockServer({ profile: result.profile, ldif: [result.ldif] });
  }, 300_000);
  afterAll(async () => {
    await Promise.all([samba?.stop(), copy?.stop()]);
  });

  it('is guessed as samba from the rootDSE and serves under that profile', () => {
    expect(result.profile).toBe('samba');
    expect(copy.directory.size).toBe(result.report.entries);
  });

  it('gives alice the same groups, direct, nested (1941) and as tokenGroups', async () => {
    const p = result.pseudonyms;
    const config = (
      url: string,
      map: (dn: string) => string,
      password: string,
      extra: LdapAuthConfig,
    ): LdapAuthConfig => ({
      url,
      binddn: map(userDN(SVC_LDAP)),
      bindpass: password,
      userdn: map(AD_USERS),
      userattr: 'sAMAccountName',
      groupdn: map(samba.baseDN),
      ...extra,
    });
    for (const extra of [
      { groupfilter: '(member={{.UserDN}})' },
      { groupfilter: '(member:1.2.840.113556.1.4.1941:={{.UserDN}})' },
      { use_token_groups: true },
    ] satisfies LdapAuthConfig[]) {
      const original = await groups(
        config(samba.url, (dn) => dn, SVC_LDAP.password, extra),
        'alice',
        ALICE.password,
      );
      const captured = await groups(
        config(copy.url, (dn) => p.dn(dn), DEFAULT_CAPTURE_PASSWORD, extra),
        p.text('alice'),
        DEFAULT_CAPTURE_PASSWORD,
      );
      expect(original.length, JSON.stringify(extra)).toBeGreaterThan(0);
      expect(captured, JSON.stringify(extra)).toEqual(original.map((g) => p.text(g)).sort());
    }
  });

  it('leaves no original name, mail or domain SID', async () => {
    const sids = readLdif(result.ldif)
      .records.flatMap((r) => ('attributes' in r ? r.attributes : []))
      .filter((a) => a.type.toLowerCase() === 'objectsid')
      .map((a) => decodeSid(a.values[0] as Buffer));
    const originalDomain = (await domainSid(samba)).toLowerCase();
    expect(sids.length).toBeGreaterThan(10);
    expect(sids.some((sid) => sid.toLowerCase().startsWith(originalDomain))).toBe(false);
    for (const original of ['alice', 'Liddell', 'corp.example.com', 'DC=corp']) {
      expect(result.ldif.toLowerCase()).not.toContain(original.toLowerCase());
    }
  });
});

/** The DC's domain SID, read from the domain object. */
async function domainSid(samba: SambaInstance): Promise<string> {
  const { Client } = await import('ldapts');
  const client = new Client({ url: samba.url });
  try {
    await client.bind(samba.rootDN, samba.rootPassword);
    const { searchEntries } = await client.search(samba.baseDN, {
      scope: 'base',
      attributes: ['objectSid'],
      explicitBufferAttributes: ['objectSid'],
    });
    return decodeSid(searchEntries[0]!['objectSid'] as Buffer);
  } finally {
    await client.unbind();
  }
}
