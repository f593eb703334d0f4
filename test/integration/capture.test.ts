/**
 * capture against the mock as the real directory (the interop suite does it against real slapd
 * and Samba): the copy serves, the same logins give the same groups under their pseudonyms, the
 * shape survives, no original name, mail, SID or GUID is left, and the source only saw reads.
 */

import { type MockServer, startMockServer } from 'ldapmock';
import { LdapAuthenticator } from 'ldapmock/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Anonymiser } from '../../src/capture/anonymiser.js';
import {
  CaptureError,
  type CaptureResult,
  capture,
  DEFAULT_CAPTURE_PASSWORD,
} from '../../src/capture/index.js';
import { readLdif } from '../../src/core/ldif-reader.js';
import { decodeSid } from '../../src/core/sid.js';
import { AD, adSearchConfig, OL, openldapSearchConfig } from './default-fixtures.js';

const SECRET = Buffer.alloc(32, 7);
let openldap: MockServer;
let ad: MockServer;
let olCapture: CaptureResult;
let adCapture: CaptureResult;

beforeAll(async () => {
  [openldap, ad] = await Promise.all([startMockServer(), startMockServer({ profile: 'ad' })]);
  [olCapture, adCapture] = await Promise.all([
    capture({ url: openldap.url, bindDN: OL.admin, bindPassword: OL.adminPassword, secret: SECRET }),
    capture({
      url: ad.url,
      bindDN: AD.administrator,
      bindPassword: AD.administratorPassword,
      secret: SECRET,
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([openldap?.stop(), ad?.stop()]);
});

async function groupsOf(
  config: ConstructorParameters<typeof LdapAuthenticator>[0],
  user: string,
  password: string,
) {
  return (await new LdapAuthenticator(config).login(user, password)).ldapGroups;
}

describe('a capture of an OpenLDAP directory', () => {
  it('is guessed as openldap, serves, and the same login gives the same groups under their pseudonyms', async () => {
    expect(olCapture.profile).toBe('openldap');
    expect(olCapture.ldif).toMatch(/^# ldapmock capture: profile=openldap\n/);
    const copy = await startMockServer({ profile: olCapture.profile, ldif: [olCapture.ldif] });
    try {
      expect(copy.directory.size).toBe(openldap.directory.size);
      const original = await groupsOf(openldapSearchConfig(openldap.url), 'alice', OL.alicePassword);
      const p = olCapture.pseudonyms;
      const captured = await groupsOf(
        openldapSearchConfig(copy.url, { userdn: p.dn(OL.people), groupdn: p.dn(OL.groups) }),
        p.text('alice'),
        DEFAULT_CAPTURE_PASSWORD,
      );
      expect(original.length).toBeGreaterThan(0);
      expect([...captured].sort()).toEqual(original.map((g) => p.text(g)).sort());
      expect(p.text('alice')).not.toBe('alice');
    } finally {
      await copy.stop();
    }
  });

  it('keeps the shape of names that need escaping: specials, length, case and non-ASCII where they were', () => {
    const escaped = olCapture.pseudonyms.dn(OL.escaped);
    expect(escaped).toMatch(
      /^cn=\\#[A-Z][a-z]{4}\\, \\"[A-Z]\\\+[A-Z]\\" [A-Z][a-zäöüéèàçñøå][a-z]{4}\\ ,ou=people,dc=example,dc=org$/,
    );
    expect(escaped).not.toBe(OL.escaped);
    expect(olCapture.report.escapedDNs).toBeGreaterThan(0);
    expect(olCapture.report.nonAsciiDNs).toBeGreaterThan(0);
  });

  it('leaves no original name or mail, and sets every password to the one printed', () => {
    for (const original of ['alice', 'Liddell', 'developers', 'engineering', 'alice@example.org']) {
      expect(olCapture.ldif.toLowerCase()).not.toContain(original.toLowerCase());
    }
    const records = readLdif(olCapture.ldif).records;
    const passwords = records
      .flatMap((r) => ('attributes' in r ? r.attributes : []))
      .filter((a) => a.type === 'userPassword');
    expect(passwords.length).toBeGreaterThan(3);
    expect(new Set(passwords.flatMap((a) => a.values.map(String)))).toEqual(
      new Set([DEFAULT_CAPTURE_PASSWORD]),
    );
  });

  it('only read the source: binds and searches', () => {
    expect(new Set(openldap.journal.all().map((o) => o.operation))).toEqual(new Set(['bind', 'search']));
  });
});

describe('a capture of an Active Directory', () => {
  it('serves under the ad profile; alice (pseudonymised) has the same groups, built-in ones by their own names', async () => {
    expect(adCapture.profile).toBe('ad');
    const copy = await startMockServer({ profile: 'ad', ldif: [adCapture.ldif] });
    try {
      const p = adCapture.pseudonyms;
      const original = await groupsOf(
        adSearchConfig(ad.url, { use_token_groups: true }),
        'alice',
        AD.alicePassword,
      );
      const captured = await groupsOf(
        adSearchConfig(copy.url, {
          binddn: p.dn(AD.service),
          bindpass: DEFAULT_CAPTURE_PASSWORD,
          userdn: p.dn(AD.users),
          groupdn: p.dn(AD.base),
          use_token_groups: true,
        }),
        p.text('alice'),
        DEFAULT_CAPTURE_PASSWORD,
      );
      expect(original).toContain('Domain Users');
      expect([...captured].sort()).toEqual(original.map((g) => p.text(g)).sort());
      expect(captured).toContain('Domain Users');
    } finally {
      await copy.stop();
    }
  });

  it('completes ranged members, and keeps SIDs in their domain/RID structure without the original domain', () => {
    expect(adCapture.report.largestGroups[0]!.members).toBe(1600);
    const sids = readLdif(adCapture.ldif)
      .records.flatMap((r) => ('attributes' in r ? r.attributes : []))
      .filter((a) => a.type === 'objectSid')
      .map((a) => decodeSid(a.values[0] as Buffer));
    expect(sids.length).toBeGreaterThan(1000);
    expect(sids.some((sid) => sid.startsWith(AD.domainSid))).toBe(false);
    const domains = new Set(
      sids.filter((s) => s.startsWith('S-1-5-21-')).map((s) => s.split('-').slice(0, 7).join('-')),
    );
    expect(domains.size).toBe(1);
    expect(sids.filter((s) => s.endsWith('-500') || s.endsWith('-513')).length).toBe(2);
    for (const original of ['alice', 'Liddell', 'corp.example.com', 'DC=corp', AD.domainSid]) {
      expect(adCapture.ldif.toLowerCase()).not.toContain(original.toLowerCase());
    }
  });
});

describe("an application's own schema", () => {
  it('is captured alongside, and the capture serves with it (and is refused without it, as strict schema does)', async () => {
    const example = (name: string) => new URL(`../../examples/schema/${name}`, import.meta.url);
    const source = await startMockServer({
      ldif: [example('app-users.ldif')],
      schema: [example('app.schema')],
    });
    try {
      const result = await capture({
        url: source.url,
        bindDN: OL.admin,
        bindPassword: OL.adminPassword,
        schema: true,
        secret: SECRET,
      });
      expect(result.report.customAttributes).toEqual(
        expect.arrayContaining(['appLevel', 'appRole', 'appTenant']),
      );
      expect(result.schemaLdif).toMatch(/^attributeTypes: \( [\d.]+ NAME 'appRole'/m);
      expect(result.schemaLdif).toMatch(/^objectClasses: \( [\d.]+ NAME 'appUser'/m);
      expect(result.schemaLdif).not.toMatch(/NAME 'cn'/);
      await expect(startMockServer({ ldif: [result.ldif] })).rejects.toThrow(
        /objectClass: value #\d invalid per syntax/,
      );
      const copy = await startMockServer({ ldif: [result.ldif], schema: [result.schemaLdif!] });
      expect(copy.directory.size).toBe(source.directory.size);
      await copy.stop();
    } finally {
      await source.stop();
    }
  });
});

describe('keeping the data', () => {
  it('needs a second, explicit confirmation', async () => {
    await expect(
      capture({ url: openldap.url, bindDN: OL.admin, bindPassword: OL.adminPassword, keepData: true }),
    ).rejects.toThrow(CaptureError);
    const kept = await capture({
      url: openldap.url,
      bindDN: OL.admin,
      bindPassword: OL.adminPassword,
      keepData: true,
      confirmKeepData: true,
    });
    expect(kept.ldif).toContain('NOT anonymised');
    expect(kept.ldif).toContain(`dn: ${OL.alice}`);
  });
});

describe('pseudonyms', () => {
  it('are consistent case-insensitively and keep the case pattern', () => {
    const a = new Anonymiser(SECRET);
    expect(a.text('Alice')).toBe(a.text('alice').replace(/^./, (c) => c.toUpperCase()));
    expect(a.address('Alice@Corp.Example.com')).toBe(`${a.text('Alice')}@${a.label('Corp')}.Example.com`);
    a.keep('Domain Users');
    expect(a.text('domain users')).toBe('domain users');
  });
});
