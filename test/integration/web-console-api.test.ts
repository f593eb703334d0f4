/**
 * The web console's routes over HTTP (the page itself runs in a real browser in the interop
 * suite): who may read them, the tree, an entry with its computed attributes, the live journal —
 * and no password in any answer.
 */

import { type MockServer, startMockServer } from 'ldapmock';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AD, OL } from './default-fixtures.js';

let openldap: MockServer;
let ad: MockServer;

beforeAll(async () => {
  [openldap, ad] = await Promise.all([
    startMockServer({ control: { console: true } }),
    startMockServer({ profile: 'ad', control: { console: true } }),
  ]);
});
afterAll(async () => {
  await Promise.all([openldap?.stop(), ad?.stop()]);
});

const basic = (name: string, password: string) =>
  `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
const asAdmin = basic(OL.admin, OL.adminPassword);

async function get(
  server: MockServer,
  path: string,
  headers: Record<string, string> = { authorization: asAdmin },
) {
  const response = await fetch(new URL(path, server.consoleUrl), { headers });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
    response,
  };
}

describe('the console routes', () => {
  it('are served at consoleUrl only to the administrator, and not to another site', async () => {
    expect(openldap.consoleUrl).toBe(`${openldap.controlUrl}/`);
    expect((await get(openldap, '/', {})).status).toBe(401);
    expect((await get(openldap, '/', { authorization: basic(OL.alice, OL.alicePassword) })).status).toBe(401);
    const page = await get(openldap, '/');
    expect([page.status, page.type]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.text).toContain('<title>ldapmock console</title>');
    const foreign = await get(openldap, '/api/journal', {
      authorization: asAdmin,
      origin: 'http://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect((await get(openldap, '/nowhere')).status).toBe(404);
    const started = await startMockServer({ control: {} });
    try {
      expect(started.consoleUrl).toBeUndefined();
      const response = await fetch(`${started.controlUrl}/`, { headers: { authorization: asAdmin } });
      expect(response.status).toBe(404);
    } finally {
      await started.stop();
    }
  });

  it('walk the tree and show an entry with memberOf computed and the password redacted', async () => {
    const roots = JSON.parse((await get(openldap, '/api/tree')).text);
    expect(roots.children).toEqual([{ dn: OL.base, hasChildren: true }]);
    const people = JSON.parse((await get(openldap, `/api/tree?dn=${encodeURIComponent(OL.people)}`)).text);
    expect(people.children).toContainEqual({ dn: OL.alice, hasChildren: false });
    const alice = JSON.parse((await get(openldap, `/api/entry?dn=${encodeURIComponent(OL.alice)}`)).text);
    const byType = new Map(alice.attributes.map((a: { type: string }) => [a.type, a]));
    expect(byType.get('memberOf')).toEqual({
      type: 'memberOf',
      values: [`cn=developers,${OL.groups}`],
      computed: true,
    });
    expect(byType.get('userPassword')).toMatchObject({
      values: [expect.stringMatching(/^<redacted, \d+ bytes>$/)],
    });
    expect(
      (await get(openldap, `/api/entry?dn=${encodeURIComponent(`uid=nobody,${OL.people}`)}`)).status,
    ).toBe(404);
  });

  it('show AD tokenGroups as SIDs with the names of the groups they stand for', async () => {
    const admin = basic(AD.administrator, AD.administratorPassword);
    const alice = JSON.parse(
      (await get(ad, `/api/entry?dn=${encodeURIComponent(AD.alice)}`, { authorization: admin })).text,
    );
    const tokenGroups = alice.attributes.find((a: { type: string }) => a.type === 'tokenGroups');
    expect(tokenGroups.computed).toBe(true);
    expect(tokenGroups.values).toContain(`${AD.domainSid}-513 (CN=Domain Users,CN=Users,${AD.base})`);
    const sid = alice.attributes.find((a: { type: string }) => a.type === 'objectSid');
    expect(sid.values[0]).toMatch(
      new RegExp(`^${AD.domainSid}-\\d+ \\(${AD.alice.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`),
    );
    expect(JSON.stringify(alice)).not.toMatch(/unicodePwd/i);
  });

  it('stream the journal: what it holds, then each operation as it ends, credentials redacted', async () => {
    const controller = new AbortController();
    const response = await fetch(new URL('/api/events', openldap.consoleUrl), {
      headers: { authorization: asAdmin },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const client = new Client({ url: openldap.url });
    await client.bind(OL.alice, OL.alicePassword);
    await client.search(OL.people, { filter: '(uid=alcie)' });
    await client.unbind();
    let text = '';
    while (!text.includes('(uid=alcie)')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
    controller.abort();
    const events = text
      .split('\n\n')
      .filter((e) => e.startsWith('data: '))
      .map((e) => JSON.parse(e.slice(6)));
    const search = events.find((e) => e.filter === '(uid=alcie)');
    expect(search.explanation.summary).toContain(`the closest is ${OL.alice}`);
    expect(events.find((e) => e.operation === 'bind' && e.target === OL.alice).credentials).toBe(
      `<redacted, ${OL.alicePassword.length} bytes>`,
    );
    expect(text).not.toContain(OL.alicePassword);
    const journal = await get(openldap, '/api/journal');
    expect(JSON.parse(journal.text).length).toBe(openldap.journal.size);
    expect(journal.text).not.toContain(OL.alicePassword);
  });
});
