import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { applyFolder, startImageSlapd } from './apply-folder.js';
import { ProbeSession } from './probe-session.js';
import type { SlapdInstance } from './slapd.js';
import { ProbeConnection } from './wire/probe-connection.js';

const FOLDER = new URL('../fixtures/bootstrap/limits/', import.meta.url).pathname;
const BASE = 'dc=example,dc=org';
const ROOT = `cn=admin,${BASE}`;

let slapd: SlapdInstance;
let mock: MockServer;

beforeAll(async () => {
  slapd = await startImageSlapd('bootstrap-limits', BASE);
  await applyFolder(slapd, FOLDER);
  mock = await startMockServer({ ldapsPort: null, bootstrap: { dirs: [FOLDER] } });
}, 180_000);

afterAll(async () => {
  await Promise.all([slapd?.stop(), mock?.stop()]);
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
