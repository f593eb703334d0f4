import { type MockServer, startMockServer } from 'ldapmock';
import { Client } from 'ldapts';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ profile: 'openldap' });
}); // random free ports
afterEach(() => server.reset()); // data, faults and the journal back to the start: O(1) when nothing changed
afterAll(() => server.stop());

test('alice logs in', async () => {
  const client = new Client({ url: server.url });
  await client.bind(`uid=alice,ou=people,${server.baseDN}`, 'alice-password');
  expect(server.journal.all().at(-1)).toMatchObject({ operation: 'bind', code: 0 });
  await client.unbind();
});
