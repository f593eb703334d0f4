/**
 * slapo-sssvlv and slapo-unique as a bootstrap folder configures them (the osixia-style folder's
 * 04-sssvlv-unique.ldif: at most 3 sort keys, mail unique in the subtree). The answers are the
 * ones real slapd 2.5 gave for the same folder (test/interop/bootstrap-osixia-real.test.ts holds
 * the mock to them case by case).
 */
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { SERVER_SORT_OID, VLV_OID } from '../interop/probe-controls.js';
import { observeSortedViews, type SortedViewAnswer } from '../interop/sorted-view-probes.js';

const FOLDER = new URL('../fixtures/bootstrap/osixia-style/', import.meta.url).pathname;
const BASE = 'dc=planetexpress,dc=com';
const PEOPLE = `ou=people,${BASE}`;
const HERMES = `uid=hermes,${PEOPLE}`;

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({
    ldapsPort: null,
    bootstrap: {
      dirs: [FOLDER],
      env: { LDAP_DOMAIN: 'planetexpress.com', LDAP_ADMIN_PASSWORD: 'GoodNewsEveryone' },
    },
  });
});
afterAll(() => server.stop());

describe('sssvlv', () => {
  let answers: Record<string, SortedViewAnswer | SortedViewAnswer[]>;
  beforeAll(async () => {
    answers = await observeSortedViews(server.url, '', HERMES, 'hermes', PEOPLE);
  });
  const ok = (entries: string[], view?: SortedViewAnswer['view']) => ({
    code: 0,
    message: '',
    entries,
    sortResult: 0,
    ...(view && { view }),
  });

  it('offers the sort and VLV controls in the root DSE', async () => {
    const client = new Client({ url: server.url });
    const { searchEntries } = await client.search('', { scope: 'base', attributes: ['supportedControl'] });
    expect(searchEntries[0]!['supportedControl']).toEqual(expect.arrayContaining([SERVER_SORT_OID, VLV_OID]));
    await client.unbind();
  });

  it('sorts by the ordering rule, entries without a value as larger than any (first when reversed)', () => {
    expect(answers['sn ascending']).toEqual(ok(['hermes', 'fry', 'bender', 'leela', 'amy', 'zoidberg']));
    expect(answers['sn descending']).toEqual(ok(['zoidberg', 'amy', 'leela', 'bender', 'fry', 'hermes']));
    expect(answers['mail then sn, the entry without mail last']).toMatchObject({
      entries: expect.any(Array),
    });
    const byMail = answers['mail then sn, the entry without mail last'] as SortedViewAnswer;
    expect(byMail.entries.at(-1)).toBe(PEOPLE);
    expect((answers['mail reversed, the entry without mail first'] as SortedViewAnswer).entries[0]).toBe(
      PEOPLE,
    );
    expect(answers['nothing found']).toEqual(ok([]));
  });

  it('refuses keys as slapd parses them: 16 unknown attribute, 18 no ordering rule, 53 past olcSssVlvMaxKeys', () => {
    expect(answers['an undefined attribute, not critical']).toEqual({
      code: 16,
      message: 'serverSort control: Unrecognized attribute type in sort key',
      entries: [],
    });
    expect(answers['no ordering rule, even with nothing found']).toEqual({
      code: 18,
      message: 'serverSort control: No ordering rule',
      entries: [],
    });
    expect(answers['four keys, three allowed']).toEqual({
      code: 53,
      message: 'Too many sort keys',
      entries: [],
    });
  });

  it('serves a window of the sorted list by offset and by value, with its position and the list size', () => {
    const at = (position: number) => ({ position, count: 6, code: 0 });
    expect(answers['view: 1 before, 1 after offset 3 of an unknown count']).toEqual(
      ok(['fry', 'bender', 'leela'], at(3)),
    );
    expect(answers['view: the first and 2 after']).toEqual(ok(['hermes', 'fry', 'bender'], at(1)));
    expect(answers['view: offset 3 of 12, scaled to the list']).toEqual(ok(['hermes', 'fry'], at(1)));
    expect(answers['view: offset 2 of 3, scaled to the list']).toEqual(ok(['bender', 'leela', 'amy'], at(4)));
    expect(answers['view: offset 0 of 0 is the last']).toEqual(ok(['amy', 'zoidberg'], at(6)));
    expect(answers['view: by value']).toEqual(ok(['fry', 'bender', 'leela'], at(3)));
    expect(answers['view: by a value before every entry']).toEqual(ok(['hermes', 'fry'], at(1)));
    // Past the end: the last entry is the one before, the position one past the list.
    expect(answers['view: by a value past every entry']).toEqual(ok(['zoidberg'], at(7)));
    expect(answers['view: nothing found']).toEqual(ok([], { position: 0, count: 0, code: 0 }));
  });

  it('fails a view outside the list with 76 and offsetRangeError (77) in its control', () => {
    expect(answers['view: offset past the list']).toEqual({
      code: 76,
      message: '',
      entries: [],
      view: { position: 0, count: 6, code: 77 },
    });
    expect(answers['view without a sort']).toEqual({
      code: 76,
      message: 'Sort control is required with VLV',
      entries: [],
      view: { position: 0, count: 0, code: 76 },
    });
    expect(answers['view with paging']).toEqual([
      { code: 53, message: 'VLV incompatible with PagedResults', entries: [] },
    ]);
  });

  it('pages a sorted search with the sortResult on each page and the entries still to come as the size', () => {
    expect(answers['sorted pages of 2']).toEqual([
      { ...ok(['hermes', 'fry']), paged: { size: 4, more: true } },
      { ...ok(['bender', 'leela']), paged: { size: 2, more: true } },
      { ...ok(['amy', 'zoidberg']), paged: { size: 0, more: false } },
    ]);
  });
});

describe('unique', () => {
  const admin = async () => {
    const client = new Client({ url: server.url });
    await client.bind(`cn=admin,${BASE}`, 'GoodNewsEveryone');
    return client;
  };
  const replaceMail = (mail: string) =>
    new Change({ operation: 'replace', modification: new Attribute({ type: 'mail', values: [mail] }) });

  it('refuses a mail another entry holds, in any case, with 19 and the search — the rootdn too', async () => {
    const client = await admin();
    await expect(
      client.modify(`uid=fry,${PEOPLE}`, [replaceMail('LEELA@planetexpress.com')]),
    ).rejects.toMatchObject({
      code: 19,
      message: expect.stringContaining('non-unique attributes found with (|(mail=LEELA@planetexpress.com))'),
    });
    await expect(
      client.add(`uid=nibbler,${PEOPLE}`, {
        objectClass: 'inetOrgPerson',
        uid: 'nibbler',
        cn: 'Nibbler',
        sn: 'Nibbler',
        mail: 'amy@planetexpress.com',
      }),
    ).rejects.toMatchObject({ code: 19 });
    await expect(client.modifyDN(`uid=amy,${PEOPLE}`, 'mail=fry@planetexpress.com')).rejects.toMatchObject({
      code: 19,
    });
    await client.unbind();
  });

  it('lets an entry keep its own value and take a new one', async () => {
    const client = await admin();
    await client.modify(`uid=amy,${PEOPLE}`, [replaceMail('amy@planetexpress.com')]);
    await client.modify(`uid=amy,${PEOPLE}`, [replaceMail('amy.wong@planetexpress.com')]);
    await client.modify(`uid=fry,${PEOPLE}`, [replaceMail('amy@planetexpress.com')]);
    await client.unbind();
  });
});
