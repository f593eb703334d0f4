/**
 * Policy resolution as OpenBao does it: groups (LDAP and local) map to policies, plus the
 * user's own, token_policies and `default`, deduplicated and sorted.
 */
import type { Scenario } from '../scenario.js';
import { AD, adTokenGroups, OPENLDAP, only, openldapSearch } from './directories.js';

const aliceOL = { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword } as const;
const bobOL = { kind: 'login', username: 'bob', password: OPENLDAP.bobPassword } as const;

export const policies: Scenario[] = [
  only('policies', 'group-mapping', 'openldap', {
    why: 'the LDAP group developers maps to the dev policy, plus default',
    config: openldapSearch,
    policies: { groups: { developers: { policies: 'dev' } } },
    action: aliceOL,
    expect: { login: { policies: ['default', 'dev'] } },
    requires: ['policies'],
  }),
  only('policies', 'token-policies', 'openldap', {
    why: 'token_policies are added to every login',
    config: { ...openldapSearch, token_policies: 'base' },
    policies: { groups: { developers: { policies: 'dev' } } },
    action: aliceOL,
    expect: { login: { policies: ['base', 'default', 'dev'] } },
    requires: ['policies'],
  }),
  only('policies', 'no-default-policy', 'openldap', {
    why: 'token_no_default_policy drops `default`',
    config: { ...openldapSearch, token_no_default_policy: true },
    policies: { groups: { developers: { policies: 'dev' } } },
    action: aliceOL,
    expect: { login: { policies: ['dev'] } },
    requires: ['policies'],
  }),
  only('policies', 'user-mapping', 'openldap', {
    why: 'a user mapping adds the user’s own policies to the groups’',
    config: openldapSearch,
    policies: { users: { bob: { policies: 'oncall' } }, groups: { ops: { policies: 'ops' } } },
    action: bobOL,
    expect: { login: { policies: ['default', 'oncall', 'ops'] } },
    requires: ['policies'],
  }),
  only('policies', 'local-groups', 'openldap', {
    why: 'a user mapping may give local groups, whose policies apply as LDAP groups’ do (OpenBao users/ groups field)',
    config: openldapSearch,
    policies: { users: { alice: { groups: 'release' } }, groups: { release: { policies: 'ship' } } },
    action: aliceOL,
    expect: { login: { policies: ['default', 'ship'] } },
    requires: ['policies'],
  }),
  only('policies', 'deduplicated-sorted', 'openldap', {
    why: 'the same policy from several groups appears once, and the list is sorted (OpenBao strutil.RemoveDuplicates)',
    config: openldapSearch,
    policies: {
      users: { bob: { policies: 'zeta, audit' } },
      groups: { ops: { policies: 'audit,shared' }, auditors: { policies: 'shared, audit' } },
    },
    action: bobOL,
    expect: { login: { policies: ['audit', 'default', 'shared', 'zeta'] } },
    requires: ['policies'],
  }),
  only('policies', 'unmapped-groups', 'openldap', {
    why: 'LDAP groups without a mapping give no policy but are still reported as groups (basic_noPolicies)',
    config: openldapSearch,
    action: bobOL,
    expect: { login: { groups: ['ops', 'auditors'], policies: ['default'] } },
    requires: ['policies'],
  }),
  only('policies', 'primary-group-mapping', 'ad', {
    why: 'tokenGroups include Domain Users, so a mapping on the primary group applies (opnsense/core#3471)',
    config: adTokenGroups,
    policies: { groups: { 'domain users': { policies: 'everyone' }, engineering: { policies: 'deploy' } } },
    action: { kind: 'login', username: 'alice', password: AD.alicePassword },
    expect: { login: { policies: ['default', 'deploy', 'everyone'] } },
    requires: ['policies'],
  }),
];
