/**
 * Writes fixtures/ad/samba-provision.ldif: what a Samba 4.17 provision puts in the domain
 * partition beyond the objects scripts/gen-ad-fixture.ts writes itself — the provisioned entries
 * the generator does not write (CN=System and its children, the DC's computer object, the RID
 * Set…) and the attributes Samba gives the generator's own entries that the generator does not
 * (systemFlags, isCriticalSystemObject, the domain root's wellKnownObjects…). The generator merges
 * this file into fixtures/ad/default.ldif, so the mock holds what the real DC holds.
 *
 * Measured, not written by hand: run it against a DC that scripts/samba-ad-up.sh has just started
 * (before anything else writes to it):
 *
 *   SAMBA_IP=127.0.0.21 SAMBA_DIR=/tmp/capture bash scripts/samba-ad-up.sh
 *   SAMBA_URL=ldap://127.0.0.21 npx tsx scripts/capture-samba-provision.ts
 *
 * Left out: what the server stamps or computes on every write or read (objectGUID, whenCreated,
 * whenChanged, uSNCreated, uSNChanged, dSCorePropagationData, distinguishedName, name), the back-link
 * the mock computes from its forward links (memberOf), what a logon changes
 * (lastLogon, lastLogonTimestamp, logonCount, badPwdCount, badPasswordTime, lockoutTime), and the
 * defaults every new object gets (SERVER_DEFAULTS).
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Entry, Client as LdapClient } from 'ldapts';
import { SERVER_MAINTAINED } from '../src/capture/attribute-treatment.js';
import { writeLdif } from '../src/core/ldif-writer.js';
import { ADMINISTRATOR, BASE, ownFixtureRecords, userDN } from './gen-ad-fixture.js';

/**
 * Values every new object gets from the server itself, Samba and the mock alike (instanceType 4;
 * a user's codePage, countryCode, lastLogoff 0): left out where the capture holds exactly them.
 */
const SERVER_DEFAULTS: ReadonlyMap<string, string> = new Map([
  ['instancetype', '4'],
  ['codepage', '0'],
  ['countrycode', '0'],
  ['lastlogoff', '0'],
]);

/** Samba's values as octets; text stays text when it is valid UTF-8. */
function values(raw: Buffer | Buffer[] | string | string[]): (string | Buffer)[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((value) => {
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
    const text = bytes.toString('utf8');
    return Buffer.from(text, 'utf8').equals(bytes) ? text : bytes;
  });
}

async function capture(url: string): Promise<string> {
  const client = new LdapClient({ url });
  try {
    await client.bind(userDN(ADMINISTRATOR), ADMINISTRATOR.password);
    const { searchEntries } = await client.search(BASE, {
      scope: 'sub',
      filter: '(objectClass=*)',
      attributes: ['*'],
      paged: { pageSize: 500 },
      explicitBufferAttributes: ['objectSid', 'ipsecData', 'auditingPolicy', 'objectGUID'],
    });
    const own = new Map(
      ownFixtureRecords().map((record) => [
        record.dn.toLowerCase(),
        new Set(record.attributes.map(([name]) => name.toLowerCase())),
      ]),
    );
    const records = searchEntries
      .map((entry: Entry) => {
        const given = own.get(entry.dn.toLowerCase());
        const attributes = Object.entries(entry)
          .filter(([name]) => name !== 'dn' && !SERVER_MAINTAINED.has(name.toLowerCase()))
          .filter(([name]) => !given?.has(name.toLowerCase()))
          .map(([type, raw]) => ({ type, values: values(raw as Buffer | Buffer[] | string | string[]) }))
          // ldapts lists the requested `*` as an attribute without values.
          .filter((attribute) => attribute.values.length > 0 && attribute.type !== '*')
          .filter(
            ({ type, values }) =>
              !(values.length === 1 && values[0] === SERVER_DEFAULTS.get(type.toLowerCase())),
          );
        return { kind: 'content' as const, dn: entry.dn, line: 0, attributes };
      })
      .filter((record) => record.attributes.length > 0)
      // Parents first; then by DN, so that a capture of the same provision is the same file.
      .sort((a, b) => depth(a.dn) - depth(b.dn) || (a.dn.toLowerCase() < b.dn.toLowerCase() ? -1 : 1));
    const header = [
      '# What a Samba 4.17 provision holds in the domain partition beyond what',
      '# scripts/gen-ad-fixture.ts writes itself (entries it does not write, attributes it does not give).',
      '# CAPTURED by scripts/capture-samba-provision.ts from a DC started by scripts/samba-ad-up.sh;',
      '# merged into fixtures/ad/default.ldif by the generator. Do not edit: capture again.',
    ].join('\n');
    return `${header}\n${writeLdif(records, { foldWidth: 0, version: true })}\n`;
  } finally {
    await client.unbind();
  }
}

function depth(dn: string): number {
  return dn.split(/(?<!\\),/).length;
}

const here = dirname(fileURLToPath(import.meta.url));
const target = process.argv[2] ?? resolve(here, '../fixtures/ad/samba-provision.ldif');
writeFileSync(target, await capture(process.env['SAMBA_URL'] ?? 'ldap://127.0.0.1'));
process.stdout.write(`wrote ${target}\n`);
