import fc from 'fast-check';
import { type MockServer, startMockServer } from 'ldapmock';
import {
  directoryConfig,
  directoryLdif,
  directoryModel,
  directoryPolicyMappings,
} from 'ldapmock/arbitraries';
import { LdapAuthenticator } from 'ldapmock/client';
import { expectedLogin } from 'ldapmock/oracle';
import { afterAll, beforeAll, expect, test } from 'vitest';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ profile: 'ad' });
});
afterAll(() => server.stop());

test('a login yields the groups and policies the oracle says, on random directories', async () => {
  await fc.assert(
    fc.asyncProperty(directoryModel({ profiles: ['ad'] }), async (model) => {
      const initial = server.snapshot();
      try {
        server.apply(directoryLdif(model)); // users and groups on top of the default AD fixture
        const user = model.users[0]!;
        // Call your own login code here; ours stands in for it.
        const login = await new LdapAuthenticator(directoryConfig(model, server.url), {
          policies: directoryPolicyMappings(model),
        }).login(user.name, user.password);
        expect({ groups: [...login.ldapGroups].sort(), policies: login.policies }).toEqual(
          expectedLogin(model, user.name),
        );
      } finally {
        server.restore(initial);
      }
    }),
    { numRuns: 50 },
  );
});
