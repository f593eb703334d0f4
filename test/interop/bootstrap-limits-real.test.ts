/**
 * Search limits a bootstrap folder sets (test/fixtures/bootstrap/limits: olcSizeLimit with a soft
 * and a hard limit, olcTimeLimit, olcLimits by exact DN, anonymous, subtree, group and regex)
 * held to real slapd: the folder applied as an image applies it (cn=config over ldapi, the data
 * as the rootdn) and served by ldapmock; the same searches by each identity, with the client's
 * size limit unset, below and above the server's, and paged, on both. (The time limits are read
 * as the size ones are, but a search here never runs for 30 seconds: they are unit-tested.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { applyFolder } from './apply-folder.js';
import { ProbeSession } from './probe-session.js';
import { type SlapdInstance, startSlapdForSuite } from './slapd.js';
import { ProbeConnection } from './wire/probe-connection.js';

const FOLDER = new URL('../fixtures/bootstrap/limits/', import.meta.url).pathname;
const BASE = 'dc=example,dc=org';
const ROOT = `cn=admin,${BASE}`;

let slapd: SlapdInstance;
let mock: MockServer;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ldapmock-limits-'));
  const base = join(work, 'base.ldif');
  writeFileSync(
    base,
    `dn: ${BASE}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n`,
  );
  slapd = await startSlapdForSuite('bootstrap-limits', { bare: true, ldif: base });
  await applyFolder(slapd, FOLDER);
  mock = await startMockServer({ ldapsPort: null, bootstrap: { dirs: [FOLDER] } });
}, 180_000);

afterAll(async () => {
  await Promise.all([slapd?.stop(), mock?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

const IDENTITIES: Record<string, readonly [string, string] | undefined> = {
  anonymous: undefined,
  'a user (the database default)': [`uid=p2,ou=people,${BASE}`, 'p2'],
  'dn.exact: unlimited': [`uid=reporter,ou=people,${BASE}`, 'reporter'],
  'dn.subtree: soft 2, hard unlimited': [`uid=robot1,ou=robots,${BASE}`, 'robot1'],
  'group member: soft 5, hard 6': [`uid=p1,ou=people,${BASE}`, 'p1'],
  'dn.regex: soft 7, hard as soft': [`uid=p8,ou=people,${BASE}`, 'p8'],
  rootdn: [ROOT, 'admin'],
};

/** For each identity and client size limit: the entries returned and the result code. */
async function observe(url: string): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  for (const [who, credentials] of Object.entries(IDENTITIES)) {
    const session = new ProbeSession(await ProbeConnection.open(url, { ca: '' }), undefined);
    try {
      if (credentials) await session.bind('bind', credentials[0], credentials[1]);
      for (const sizeLimit of [0, 2, 5, 8]) {
        const outcome = await session.search('search', {
          base: BASE,
          filter: '(objectClass=inetOrgPerson)',
          attributes: ['1.1'],
          sizeLimit,
        });
        seen[`${who}, client size limit ${sizeLimit}`] =
          `${outcome?.entries.length} entries, result ${outcome?.result.resultCode}`;
      }
      const paged = await session.searchPaged(
        'paged',
        { base: BASE, filter: '(objectClass=inetOrgPerson)', attributes: ['1.1'] },
        2,
      );
      seen[`${who}, pages of 2`] =
        `${paged?.pages.map((p) => p.entries.length).join('+')} entries, result ${paged?.pages.at(-1)?.result.resultCode}`;
    } finally {
      await session.close();
    }
  }
  return seen;
}

describe('olcSizeLimit and olcLimits', () => {
  it('give each identity the limits slapd gives it', async () => {
    const real = await observe(slapd.url);
    expect(await observe(mock.url)).toEqual(real);
  });
});
