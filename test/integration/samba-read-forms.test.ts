/**
 * Read forms of Samba 4.17 the samba profile lacked, each answer measured on a real DC loaded with
 * fixtures/ad/default.ldif: Ambiguous Name Resolution, `<WKGUID=…>` base DNs, and the token
 * attributes (tokenGroups only on users, tokenGroupsGlobalAndUniversal, tokenGroupsNoGCAcceptable).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSid } from '../../src/core/sid.js';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { ProbeSession, type SearchParams } from '../interop/probe-session.js';
import { ProbeConnection } from '../interop/wire/probe-connection.js';

const BASE = 'DC=corp,DC=example,DC=com';
const USERS = `CN=Users,${BASE}`;
const DOMAIN = 'S-1-5-21-2718281828-3141592653-1414213562';
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ profile: 'samba' });
});
afterAll(async () => {
  await server.stop();
});

/** One search as alice: the entries' DNs (sorted) and attributes, or the result as `<code> <text>`. */
async function search(params: SearchParams) {
  const session = new ProbeSession(await ProbeConnection.open(server.url, { ca: '' }), undefined);
  try {
    await session.bind('bind', `CN=alice,${USERS}`, 'Alpha-Passw0rd!');
    const outcome = await session.search('search', params);
    const { resultCode, diagnosticMessage } = outcome!.result;
    if (resultCode !== 0) return `${resultCode} ${diagnosticMessage}`;
    return outcome!.entries.map((e) => ({
      dn: e.dn,
      attributes: Object.fromEntries(e.attributes.map((a) => [a.type, a.values])),
    }));
  } finally {
    await session.close();
  }
}

const names = async (params: SearchParams) => {
  const entries = await search({ attributes: ['1.1'], ...params });
  if (typeof entries === 'string') return entries;
  return entries.map((e) => /^(?:CN|OU)=(.*?),(?:CN|OU|DC)=/.exec(e.dn)?.[1] ?? e.dn).sort();
};

describe('ambiguous name resolution (anr)', () => {
  const anr = (filter: string) => names({ base: BASE, filter });

  it('matches the start of every ANR attribute, case and edge spaces ignored', async () => {
    expect(await anr('(anr=ali)')).toEqual(['alice']);
    expect(await anr('(anr= ALICE )')).toEqual(['alice']);
    expect(await anr('(anr=Big)')).toEqual(['Big Group']);
    expect(await anr('(anr=Smith,)')).toEqual(['Smith\\, John']);
    expect(await anr('(anr=bulk0001)')).toEqual(['bulk0001']);
  });

  it('splits at the first space into givenName and sn, both ways round', async () => {
    expect(await anr('(anr=John Smith)')).toEqual(['Smith\\, John']);
    expect(await anr('(anr=Smi Joh)')).toEqual(['Smith\\, John']);
    expect(await anr('(anr=Alice Smith)')).toEqual([]);
  });

  it('takes =value as equality, finds nothing for an empty value, uses only an initial substring', async () => {
    expect(await anr('(anr==alice)')).toEqual(['alice']);
    expect(await anr('(anr==ali)')).toEqual([]);
    expect(await anr('(anr==john)')).toEqual(['Smith\\, John']);
    expect(await anr('(anr=)')).toEqual([]);
    expect(await anr('(anr=al*)')).toEqual(['Allowed RODC Password Replication Group', 'alice']);
    expect(await anr('(anr=al*e)')).toEqual([]);
    expect(await anr('(anr=*ice)')).toEqual([]);
  });
});

describe('<WKGUID=…> base DNs', () => {
  it('names the object the container lists under that GUID in (other)wellKnownObjects', async () => {
    expect(await names({ base: `<WKGUID=A9D1CA15768811D1ADED00C04FD8D5CD,${BASE}>`, scope: 'base' })).toEqual(
      ['Users'],
    );
    expect(
      await names({ base: `<wkguid=aa312825768811d1aded00c04fd8d5cd,${BASE.toLowerCase()}>`, scope: 'base' }),
    ).toEqual(['Computers']);
    expect(await names({ base: `<WKGUID=1EB93889E40C45DF9F0C64D23BBB6237,${BASE}>`, scope: 'base' })).toEqual(
      ['Managed Service Accounts'],
    );
    expect(
      await names({
        base: `<WKGUID=a9d1ca15768811d1aded00c04fd8d5cd,${BASE}>`,
        scope: 'one',
        filter: '(sAMAccountName=alice)',
      }),
    ).toEqual(['alice']);
  });

  it('is not found for a container that lists no such GUID, or a GUID with dashes', async () => {
    const base = `<WKGUID=a9d1ca15768811d1aded00c04fd8d5cd,${USERS}>`;
    expect(await names({ base, scope: 'base' })).toBe(`32 Base-DN '${base}' not found`);
    const dashed = `<WKGUID=a9d1ca15-7688-11d1-aded-00c04fd8d5cd,${BASE}>`;
    expect(await names({ base: dashed, scope: 'base' })).toBe(`32 Base-DN '${dashed}' not found`);
  });
});

describe('token attributes', () => {
  const tokens = async (dn: string, attribute: string) => {
    const entries = await search({ base: dn, scope: 'base', attributes: [attribute] });
    if (typeof entries === 'string') return entries;
    const values = (entries[0]?.attributes[attribute] ?? []) as Buffer[];
    return values.map((v) => decodeSid(v).replace(DOMAIN, 'D')).sort();
  };

  it('gives tokenGroups of users only (none for a group or a foreign security principal)', async () => {
    expect(await tokens(`CN=alice,${USERS}`, 'tokenGroups')).toEqual([
      'D-1120',
      'D-1121',
      'D-513',
      'S-1-5-32-545',
    ]);
    expect(await tokens(`CN=Developers,${USERS}`, 'tokenGroups')).toEqual([]);
    expect(await tokens(`CN=S-1-5-11,CN=ForeignSecurityPrincipals,${BASE}`, 'tokenGroups')).toEqual([]);
  });

  it('leaves domain-local and builtin groups out of tokenGroupsGlobalAndUniversal', async () => {
    expect(await tokens(`CN=alice,${USERS}`, 'tokenGroupsGlobalAndUniversal')).toEqual([
      'D-1120',
      'D-1121',
      'D-513',
    ]);
    expect(await tokens(`CN=Administrator,${USERS}`, 'tokenGroupsGlobalAndUniversal')).toEqual([
      'D-512',
      'D-513',
      'D-518',
      'D-519',
      'D-520',
    ]);
    expect(await tokens(`CN=Administrator,${USERS}`, 'tokenGroupsNoGCAcceptable')).toEqual(
      await tokens(`CN=Administrator,${USERS}`, 'tokenGroups'),
    );
  });

  it('refuses them outside a base search, naming the first one asked for', async () => {
    const refused = await search({
      base: USERS,
      filter: '(sAMAccountName=alice)',
      attributes: ['TOKENGROUPSNOGCACCEPTABLE', 'tokenGroups'],
    });
    expect(refused).toBe(
      "1 00002020: operational_search_post_process failed for attribute 'tokenGroupsNoGCAcceptable' - Cannot provide tokenGroups attribute, this is not a BASE search",
    );
  });
});

describe('SID and GUID strings in filters', () => {
  const GUID = '0e7485f2-ed3d-5984-b817-6807ba5b3574';

  it('reads objectGUID in its string form, in either case and in braces, but not as bare hex', async () => {
    for (const value of [GUID, GUID.toUpperCase(), `{${GUID}}`]) {
      expect(await names({ base: BASE, filter: `(objectGUID=${value})` })).toEqual(['alice']);
    }
    expect(await names({ base: BASE, filter: '(objectGUID=f285740e3ded8459b8176807ba5b3574)' })).toEqual([]);
  });

  it('reads a SID string only with an upper-case S', async () => {
    expect(await names({ base: BASE, filter: `(objectSid=${DOMAIN}-1104)` })).toEqual(['alice']);
    expect(await names({ base: BASE, filter: `(objectSid=s${DOMAIN.slice(1)}-1104)` })).toEqual([]);
  });
});
