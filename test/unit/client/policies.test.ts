import { describe, expect, it } from 'vitest';
import { defaultLdapAuthConfig, type ResolvedLdapAuthConfig } from '../../../src/client/config/index.js';
import {
  compareCodePoints,
  goToLower,
  goTrimSpace,
  normalizeUsername,
  PolicyStore,
  parsePolicyList,
} from '../../../src/client/policies.js';

function config(overrides: Partial<ResolvedLdapAuthConfig> = {}): ResolvedLdapAuthConfig {
  return { ...defaultLdapAuthConfig, groupdn: 'ou=people,dc=planetexpress,dc=com', ...overrides };
}

describe('policy lists', () => {
  it('trims, lower-cases, drops empties, de-duplicates and sorts', () => {
    expect(parsePolicyList(' Foo ,BAR,,foo, ')).toEqual(['bar', 'foo']);
    expect(parsePolicyList(['Zeta', ' alpha', 'ALPHA'])).toEqual(['alpha', 'zeta']);
    expect(parsePolicyList('')).toEqual([]);
    expect(parsePolicyList(undefined)).toEqual([]);
  });

  it('collapses a list containing root to [root] and never adds default', () => {
    expect(parsePolicyList('foo, Root ,bar')).toEqual(['root']);
    expect(parsePolicyList('foo')).toEqual(['foo']);
  });

  it('does not split array items on commas (as OpenBao)', () => {
    expect(parsePolicyList(['a,b', 'c'])).toEqual(['a,b', 'c']);
  });

  it('names the bad item of a list', () => {
    expect(() => parsePolicyList(['ok', 7 as unknown as string], 'groups/x.policies')).toThrow(
      'groups/x.policies[1]: expected a string, got number',
    );
    expect(() => parsePolicyList({} as unknown as string)).toThrow(TypeError);
  });
});

describe('PolicyStore mappings', () => {
  it('lower-cases user and group names when case-insensitive (the default)', () => {
    const store = new PolicyStore();
    store.setUser('Tesla', { groups: 'Engineers', policies: 'ZooBar' });
    expect(store.getUser('tesla')).toEqual({ groups: ['engineers'], policies: ['zoobar'] });
    expect(store.getUser('TESLA')).toEqual(store.getUser('tesla'));
    expect(store.listUsers()).toEqual(['tesla']);
    store.setGroup('Engineers', { policies: 'foobar' });
    expect(store.listGroups()).toEqual(['engineers']);
    expect(store.getGroup('ENGINEERS')).toEqual({ policies: ['foobar'] });
  });

  it('deletes whatever the case of the name (unlike OpenBao, vault#29355)', () => {
    const store = new PolicyStore();
    store.setUser('alice', { policies: 'p' });
    store.setGroup('ops', { policies: 'p' });
    expect(store.deleteUser('ALICE')).toBe(true);
    expect(store.getUser('alice')).toBeUndefined();
    expect(store.deleteGroup('Ops')).toBe(true);
    expect(store.deleteGroup('ops')).toBe(false);
  });

  it('keeps name case when case-sensitive', () => {
    const store = new PolicyStore({ caseSensitiveNames: true });
    store.setUser('Tesla', { groups: ' Eng , eng, OPS,,', policies: 'a' });
    store.setUser('tesla', { policies: 'b' });
    expect(store.listUsers()).toEqual(['Tesla', 'tesla']);
    expect(store.getUser('Tesla')?.groups).toEqual(['Eng', 'OPS', 'eng']);
    expect(store.getUser('TESLA')).toBeUndefined();
  });

  it("normalises a user's groups: trimmed, lower-cased when case-insensitive, de-duplicated, sorted", () => {
    const store = new PolicyStore();
    expect(store.setUser('u', { groups: ' Eng , eng, OPS,,' }).groups).toEqual(['eng', 'ops']);
  });

  it('replaces a mapping on write; fields left out become empty', () => {
    const store = new PolicyStore();
    store.setUser('u', { groups: 'g', policies: 'p' });
    store.setUser('u', { policies: 'q' });
    expect(store.getUser('u')).toEqual({ groups: [], policies: ['q'] });
  });

  it('lists nested names', () => {
    const store = new PolicyStore({ users: { 'nested/testuser': {}, testuser: {} } });
    expect(store.listUsers()).toEqual(['nested/testuser', 'testuser']);
  });

  it('rejects empty names', () => {
    expect(() => new PolicyStore().setUser('', {})).toThrow(TypeError);
    expect(() => new PolicyStore().getGroup('')).toThrow(TypeError);
  });

  it('returns frozen mappings', () => {
    const user = new PolicyStore().setUser('u', { policies: 'p' });
    expect(Object.isFrozen(user)).toBe(true);
    expect(Object.isFrozen(user.policies)).toBe(true);
  });
});

describe('resolvePolicies (OpenBao §7.2, §7.3)', () => {
  // The backend tests' Planet Express fixture: user "Hermes Conrad", LDAP group admin_staff.
  function planetExpress(): PolicyStore {
    return new PolicyStore({
      users: { 'hermes conrad': { policies: 'userpolicy' } },
      groups: { admin_staff: { policies: 'grouppolicy' } },
    });
  }

  it('gives group policies and user policies: [grouppolicy, userpolicy] plus default', () => {
    const result = planetExpress().resolvePolicies({
      username: 'hermes conrad',
      ldapGroups: ['admin_staff'],
      config: config(),
    });
    expect(result.derivedPolicies).toEqual(['grouppolicy', 'userpolicy']);
    expect(result.policies).toEqual(['default', 'grouppolicy', 'userpolicy']);
    expect(result.groups).toEqual(['admin_staff']);
    expect(result.warnings).toEqual([]);
  });

  it('matches LDAP groups to mappings case-insensitively, keeping their case in groups', () => {
    const result = planetExpress().resolvePolicies({
      username: 'hermes conrad',
      ldapGroups: ['Admin_Staff'],
      config: config(),
    });
    expect(result.derivedPolicies).toEqual(['grouppolicy', 'userpolicy']);
    expect(result.groups).toEqual(['Admin_Staff']);
  });

  it('is case-sensitive about group mappings when configured so', () => {
    const store = new PolicyStore({ caseSensitiveNames: true, groups: { admin_staff: { policies: 'gp' } } });
    const result = store.resolvePolicies({
      username: 'x',
      ldapGroups: ['Admin_Staff'],
      config: config({ case_sensitive_names: true }),
    });
    expect(result.derivedPolicies).toEqual([]);
    expect(result.policies).toEqual(['default']);
  });

  it('adds token_policies: abc,bar,default,foo,xyz', () => {
    const store = new PolicyStore({
      users: { tesla: { groups: 'engineers', policies: 'bar' } },
      groups: { engineers: { policies: 'foo' } },
    });
    const result = store.resolvePolicies({
      username: 'tesla',
      ldapGroups: ['scientists'],
      config: config({ token_policies: ['abc', 'xyz'] }),
    });
    expect(result.policies).toEqual(['abc', 'bar', 'default', 'foo', 'xyz']);
    expect(result.groups).toEqual(['engineers', 'scientists']);
  });

  it('with no mappings gives token_policies and default: abc,default,xyz', () => {
    const result = new PolicyStore().resolvePolicies({
      username: 'tesla',
      ldapGroups: ['g'],
      config: config({ token_policies: ['abc', 'xyz'] }),
    });
    expect(result.policies).toEqual(['abc', 'default', 'xyz']);
    expect(result.derivedPolicies).toEqual([]);
  });

  it('warns once when LDAP gave no group, quoting groupdn as Go %q', () => {
    const store = new PolicyStore({ users: { u: { policies: 'bar', groups: 'local' } } });
    const result = store.resolvePolicies({
      username: 'u',
      ldapGroups: [],
      config: config({ groupdn: 'ou="quoted",dc=x' }),
    });
    expect(result.warnings).toEqual([
      'no LDAP groups found in groupDN "ou=\\"quoted\\",dc=x"; only policies from locally-defined groups available',
    ]);
    expect(result.policies).toEqual(['bar', 'default']);
    // Local groups still count, and do not silence the warning.
    expect(result.groups).toEqual(['local']);
  });

  it('drops default with token_no_default_policy', () => {
    const result = planetExpress().resolvePolicies({
      username: 'hermes conrad',
      ldapGroups: ['admin_staff'],
      config: config({ token_no_default_policy: true }),
    });
    expect(result.policies).toEqual(['grouppolicy', 'userpolicy']);
  });

  it('lets root stand alone, without default', () => {
    const store = new PolicyStore({ groups: { admins: { policies: 'root' }, ops: { policies: 'ops' } } });
    const result = store.resolvePolicies({ username: 'u', ldapGroups: ['ops', 'admins'], config: config() });
    expect(result.derivedPolicies).toEqual(['ops', 'root']);
    expect(result.policies).toEqual(['root']);
    const viaToken = new PolicyStore().resolvePolicies({
      username: 'u',
      ldapGroups: ['x'],
      config: config({ token_policies: ['Root'] }),
    });
    expect(viaToken.policies).toEqual(['root']);
  });

  it('does not count default twice when a mapping names it', () => {
    const store = new PolicyStore({ groups: { g: { policies: 'default, a' } } });
    expect(store.resolvePolicies({ username: 'u', ldapGroups: ['g'], config: config() }).policies).toEqual([
      'a',
      'default',
    ]);
  });

  it('keeps every group in groups, duplicates included, local groups first', () => {
    const store = new PolicyStore({ users: { u: { groups: 'eng' } } });
    const result = store.resolvePolicies({ username: 'u', ldapGroups: ['eng', 'Eng', ''], config: config() });
    expect(result.groups).toEqual(['eng', 'eng', 'Eng', '']);
  });

  it('adds defaultPolicies to every user (TrueCommand default teams)', () => {
    const store = new PolicyStore({
      defaultPolicies: 'Readers, everyone',
      groups: { ops: { policies: 'ops' } },
    });
    expect(store.defaultPolicies).toEqual(['everyone', 'readers']);
    const result = store.resolvePolicies({ username: 'nobody', ldapGroups: ['ops'], config: config() });
    expect(result.derivedPolicies).toEqual(['everyone', 'ops', 'readers']);
  });

  it('finds the user mapping whatever the case of the username given', () => {
    expect(
      planetExpress().resolvePolicies({ username: 'Hermes Conrad', ldapGroups: ['x'], config: config() })
        .derivedPolicies,
    ).toEqual(['userpolicy']);
  });

  it('refuses a configuration whose case_sensitive_names differs from the store', () => {
    expect(() =>
      new PolicyStore().resolvePolicies({
        username: 'u',
        ldapGroups: [],
        config: config({ case_sensitive_names: true }),
      }),
    ).toThrow(/case_sensitive_names is true but the PolicyStore was built with caseSensitiveNames false/);
  });
});

describe('Go string semantics', () => {
  it('normalizeUsername trims Go white space and lower-cases unless case-sensitive', () => {
    expect(normalizeUsername('  Hermes Conrad \t\n', false)).toBe('hermes conrad');
    expect(normalizeUsername('  Hermes Conrad ', true)).toBe('Hermes Conrad');
    expect(normalizeUsername('\u0085\u00a0\u3000alice\u2003', false)).toBe('alice');
    // Go does not treat U+FEFF (BOM) as space; JavaScript's trim() does.
    expect(normalizeUsername('\ufeffalice', false)).toBe('\ufeffalice');
    expect(normalizeUsername('   ', false)).toBe('');
  });

  it('goTrimSpace returns the same string when nothing is trimmed', () => {
    expect(goTrimSpace('abc')).toBe('abc');
    expect(goTrimSpace('\u200babc')).toBe('\u200babc'); // zero-width space is not white space
  });

  it('goToLower maps each code point on its own, as Go', () => {
    expect(goToLower('ÀÉÎ ABC')).toBe('àéî abc');
    expect(goToLower('ΟΔΟΣ')).toBe('οδοσ'); // JavaScript alone would write a final ς
    expect(goToLower('İstanbul')).toBe('istanbul'); // JavaScript alone gives i + U+0307
  });

  it('compareCodePoints sorts by code point (UTF-8 byte order), not UTF-16 units', () => {
    const items = ['😀', '\uffff', 'b', 'a', '\ue000'];
    expect([...items].sort(compareCodePoints)).toEqual(['a', 'b', '\ue000', '\uffff', '😀']);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('a', 'a')).toBe(0);
  });
});
