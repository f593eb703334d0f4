import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { defaultLdapAuthConfig, type ResolvedLdapAuthConfig } from '../../src/client/config/index.js';
import { compareCodePoints, goToLower, goTrimSpace, PolicyStore } from '../../src/client/policies.js';

const RUNS = { numRuns: Number(process.env['CLIENT_PROPERTY_RUNS'] ?? 300) };

// Names from a small alphabet with case and space variants, so mappings and groups collide often.
const name = fc.string({
  unit: fc.constantFrom('a', 'A', 'b', 'B', 'é', 'É', ' ', '\t', 'x'),
  minLength: 0,
  maxLength: 4,
});
const nonEmptyName = name.filter((n) => n !== '');
const policy = fc.oneof(name, fc.constant('root'), fc.constant('Default'));

interface World {
  caseSensitive: boolean;
  users: [string, { groups: string[]; policies: string[] }][];
  groups: [string, { policies: string[] }][];
  defaultPolicies: string[];
  tokenPolicies: string[];
  noDefault: boolean;
  username: string;
  ldapGroups: string[];
}

const world: fc.Arbitrary<World> = fc.record({
  caseSensitive: fc.boolean(),
  users: fc.array(fc.tuple(nonEmptyName, fc.record({ groups: fc.array(name), policies: fc.array(policy) })), {
    maxLength: 4,
  }),
  groups: fc.array(fc.tuple(nonEmptyName, fc.record({ policies: fc.array(policy, { maxLength: 4 }) })), {
    maxLength: 6,
  }),
  defaultPolicies: fc.array(policy, { maxLength: 2 }),
  tokenPolicies: fc.array(policy, { maxLength: 3 }),
  noDefault: fc.boolean(),
  username: nonEmptyName,
  ldapGroups: fc.array(name, { maxLength: 6 }),
});

function storeOf(w: World): PolicyStore {
  const store = new PolicyStore({ caseSensitiveNames: w.caseSensitive, defaultPolicies: w.defaultPolicies });
  for (const [n, m] of w.users) store.setUser(n, m);
  for (const [n, m] of w.groups) store.setGroup(n, m);
  return store;
}

function configOf(w: World): ResolvedLdapAuthConfig {
  return {
    ...defaultLdapAuthConfig,
    case_sensitive_names: w.caseSensitive,
    groupdn: 'ou=groups,dc=x',
    token_policies: w.tokenPolicies,
    token_no_default_policy: w.noDefault,
  };
}

function resolve(w: World) {
  return storeOf(w).resolvePolicies({ username: w.username, ldapGroups: w.ldapGroups, config: configOf(w) });
}

/** An independent model of §7.2/§7.3: sets of normalised names, last write of a mapping wins. */
function model(w: World): string[] {
  const key = (n: string) => (w.caseSensitive ? n : goToLower(n));
  const norm = (p: string) => goToLower(goTrimSpace(p));
  const users = new Map(w.users.map(([n, m]) => [key(n), m]));
  const groups = new Map(w.groups.map(([n, m]) => [key(n), m]));
  const user = users.get(key(w.username));
  const localGroups = (user?.groups ?? []).map((g) => (w.caseSensitive ? goTrimSpace(g) : norm(g)));
  const all = new Set<string>();
  const addPolicies = (list: readonly string[]) => {
    const clean = list.map(norm).filter((p) => p !== '');
    for (const p of clean.includes('root') ? ['root'] : clean) all.add(p);
  };
  for (const g of [...localGroups, ...w.ldapGroups]) addPolicies(groups.get(key(g))?.policies ?? []);
  addPolicies(user?.policies ?? []);
  addPolicies(w.defaultPolicies);
  for (const p of w.tokenPolicies) if (norm(p) !== '') all.add(norm(p));
  if (all.has('root')) return ['root'];
  if (!w.noDefault) all.add('default');
  return [...all].sort(compareCodePoints);
}

describe('policy resolution', () => {
  test.prop([world], RUNS)('matches an independent model of OpenBao §7', (w) => {
    expect(resolve(w).policies).toEqual(model(w));
  });

  test.prop([world], RUNS)('policies are sorted, unique, trimmed, lower-cased and non-empty', (w) => {
    const { policies, derivedPolicies } = resolve(w);
    for (const list of [policies, derivedPolicies]) {
      expect([...list].sort(compareCodePoints)).toEqual(list);
      expect(new Set(list).size).toBe(list.length);
      for (const p of list) {
        expect(p).not.toBe('');
        expect(p).toBe(goToLower(goTrimSpace(p)));
      }
    }
  });

  test.prop([world], RUNS)(
    'root stands alone; otherwise default is there unless token_no_default_policy',
    (w) => {
      const { policies } = resolve(w);
      if (policies.includes('root')) expect(policies).toEqual(['root']);
      else if (!w.noDefault) expect(policies).toContain('default');
      if (w.noDefault && !resolve({ ...w, noDefault: false }).policies.includes('root')) {
        // Without the flag, default is there; with it, only when some mapping names it.
        const named = [
          ...w.tokenPolicies,
          ...w.defaultPolicies,
          ...w.groups.flatMap(([, m]) => m.policies),
          ...w.users.flatMap(([, m]) => m.policies),
        ].some((p) => goToLower(goTrimSpace(p)) === 'default');
        if (!named) expect(policies).not.toContain('default');
      }
    },
  );

  test.prop([world, fc.func(fc.integer())], RUNS)(
    'the order of LDAP groups and of mapping lists does not matter',
    (w, rank) => {
      const shuffle = <T>(items: readonly T[]): T[] =>
        items
          .map((item, i) => ({ item, k: rank(i, JSON.stringify(item)) }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.item);
      const shuffled: World = {
        ...w,
        ldapGroups: shuffle(w.ldapGroups),
        tokenPolicies: shuffle(w.tokenPolicies),
        defaultPolicies: shuffle(w.defaultPolicies),
        users: w.users.map(([n, m]) => [n, { groups: shuffle(m.groups), policies: shuffle(m.policies) }]),
        groups: w.groups.map(([n, m]) => [n, { policies: shuffle(m.policies) }]),
      };
      expect(resolve(shuffled).policies).toEqual(resolve(w).policies);
      expect(resolve(shuffled).derivedPolicies).toEqual(resolve(w).derivedPolicies);
    },
  );

  test.prop([world], RUNS)(
    'case-insensitive: the case of LDAP group names and the username does not matter',
    (w) => {
      const insensitive: World = { ...w, caseSensitive: false };
      const shouted: World = {
        ...insensitive,
        username: w.username.toUpperCase(),
        ldapGroups: w.ldapGroups.map((g) => g.toUpperCase()),
      };
      expect(resolve(shouted).policies).toEqual(resolve(insensitive).policies);
    },
  );

  test.prop([world], RUNS)(
    'groups are the local groups then the LDAP groups, LDAP case and duplicates kept',
    (w) => {
      const store = storeOf(w);
      const local = store.getUser(w.username)?.groups ?? [];
      expect(resolve(w).groups).toEqual([...local, ...w.ldapGroups]);
    },
  );

  test.prop([world], RUNS)('the no-groups warning appears exactly when LDAP gave no group', (w) => {
    expect(resolve(w).warnings).toHaveLength(w.ldapGroups.length === 0 ? 1 : 0);
  });
});
