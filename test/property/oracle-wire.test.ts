/**
 * Group-to-policy resolution over the wire equals the oracle: random directories (every profile,
 * every group strategy, names full of DN and filter specials, nesting with cycles, AD primary
 * groups) are applied to the mock, our authenticator logs in as one of their users, and the
 * groups and policies must be exactly what ldapmock/oracle says.
 */
import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdapAuthenticator } from '../../src/client/index.js';
import {
  directoryConfig,
  directoryLdif,
  directoryModel,
  directoryPolicyMappings,
} from '../../src/conformance/arbitraries/index.js';
import { expectedLogin, STRATEGIES } from '../../src/conformance/oracle/index.js';
import type { ProfileName } from '../../src/conformance/scenario.js';
import { normalizeDN } from '../../src/core/dn-normalize.js';
import { parseDN } from '../../src/core/dn-parse.js';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { PROPERTY_RUNS, propertySeed } from './seed.js';

const seed = propertySeed('oracle-wire');

/** Group names, sorted; one that is a whole DN (OpenBao's fallback) compared as a DN, not as text. */
function comparable(names: readonly string[]): string[] {
  return names
    .map((name) => {
      try {
        return parseDN(name).length > 1 ? normalizeDN(name) : name;
      } catch {
        return name;
      }
    })
    .sort();
}
const servers = {} as Record<ProfileName, MockServer>;

beforeAll(async () => {
  for (const profile of ['openldap', 'ad', 'samba'] as const)
    servers[profile] = await startMockServer({ profile });
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.stop()));
});

describe('the oracle', () => {
  it(`agrees with a login over the wire on ${PROPERTY_RUNS} random directories`, {
    timeout: 300_000,
  }, async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(directoryModel(), fc.nat(), async (model, pick) => {
        const server = servers[model.profile];
        const initial = server.snapshot();
        try {
          server.apply(directoryLdif(model));
          const user = model.users[pick % model.users.length]!;
          const authenticator = new LdapAuthenticator(directoryConfig(model, server.url), {
            policies: directoryPolicyMappings(model),
          });
          const login = await authenticator.login(user.name, user.password);
          const expected = expectedLogin(model, user.name);
          expect({ groups: comparable(login.ldapGroups), policies: login.policies }).toEqual({
            ...expected,
            groups: comparable(expected.groups),
          });
          seen.add(`${model.profile}/${model.strategy}`);
        } finally {
          server.restore(initial);
        }
      }),
      { numRuns: PROPERTY_RUNS, seed },
    );
    // Every profile with every one of its strategies was exercised.
    const all = Object.entries(STRATEGIES).flatMap(([profile, strategies]) =>
      strategies.map((s) => `${profile}/${s}`),
    );
    expect([...seen].sort()).toEqual(all.sort());
  });
});
