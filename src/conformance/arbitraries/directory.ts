/**
 * Random directories for property tests of login code: users and groups in each schema with
 * names full of DN and filter specials, nesting of any depth with cycles, AD primary groups,
 * OpenBao policy mappings — and the LDIF and OpenBao configuration that set them up on the mock.
 * Pair with `ldapmock/oracle` for what a login must yield.
 */
import fc, { type Arbitrary } from 'fast-check';
import type { LdapAuthConfig } from '../../client/config/index.js';
import { encodeSid } from '../../core/sid.js';
import { groupDN, LAYOUT, userDN } from '../oracle/layout.js';
import {
  type DirectoryModel,
  type GroupKind,
  type GroupStrategy,
  type ModelGroup,
  type ModelUser,
  type PolicySettings,
  STRATEGIES,
} from '../oracle/model.js';
import { PROFILES, type ProfileName } from '../scenario.js';

/**
 * Name characters per profile: lower case (OpenBao lower-cases names), the specials each server
 * allows. AD refuses `"/\[]:;|=,+*?<>` in sAMAccountName, OpenLDAP takes them all.
 */
const NAME_UNITS: Readonly<Record<ProfileName, readonly string[]>> = {
  openldap: [...'abcdefghijklm01234', '*', '(', ')', '\\', ',', '+', '"', '#', ';', '<', '>', '=', ' ', "'"],
  ad: [...'abcdefghijklm01234', '(', ')', "'", '#', '&', '!', '$', '%', '^', '~', '{', '}', '-', ' '],
  samba: [...'abcdefghijklm01234', '(', ')', "'", '#', '&', '!', '$', '%', '^', '~', '{', '}', '-', ' '],
};

const GROUP_KINDS: Readonly<Record<ProfileName, readonly GroupKind[]>> = {
  openldap: ['groupOfNames', 'groupOfUniqueNames', 'posixGroup'],
  ad: ['group'],
  samba: ['group'],
};

/**
 * Passwords of characters no name uses (names: a–m, 0–4, specials; passwords: other letters,
 * 5–9), so AD's "no part of the account name in the password" rule always holds.
 */
const password = (index: number) =>
  `Pz@x-${[...String(index)].map((d) => 'rstuvwxyzq'[Number(d)]).join('')}-9Q!`;

/**
 * A name of the profile's alphabet that starts and ends with a letter or digit (OpenBao trims
 * names; AD refuses a trailing dot), made unique by a suffix.
 */
function uniqueName(profile: ProfileName, prefix: string, index: number): Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...NAME_UNITS[profile]), { maxLength: 6 })
    .map((units) => `${prefix}${units.join('')}${index}`);
}

export interface RandomDirectoryOptions {
  /** Default: any of the three. */
  readonly profiles?: readonly ProfileName[];
  readonly maxUsers?: number;
  readonly maxGroups?: number;
}

/** A random directory model, its group strategy drawn from those of its profile. */
export function directoryModel(options: RandomDirectoryOptions = {}): Arbitrary<DirectoryModel> {
  const maxUsers = options.maxUsers ?? 4;
  const maxGroups = options.maxGroups ?? 6;
  return fc
    .record({
      profile: fc.constantFrom<ProfileName>(...(options.profiles ?? PROFILES)),
      userCount: fc.integer({ min: 1, max: maxUsers }),
      groupCount: fc.integer({ min: 0, max: maxGroups }),
    })
    .chain(({ profile, userCount, groupCount }) => {
      const userNames = fc.tuple(...Array.from({ length: userCount }, (_, i) => uniqueName(profile, 'u', i)));
      const groupNames = fc.tuple(
        ...Array.from({ length: groupCount }, (_, i) => uniqueName(profile, 'g', i)),
      );
      const bits = (count: number) => fc.array(fc.boolean(), { minLength: count, maxLength: count });
      const group = fc.record({
        kind: fc.constantFrom(...GROUP_KINDS[profile]),
        users: bits(userCount),
        groups: bits(groupCount),
      });
      return fc.record({
        profile: fc.constant(profile),
        strategy: fc.constantFrom(...STRATEGIES[profile]),
        userNames,
        groupNames,
        groups: fc.array(group, { minLength: groupCount, maxLength: groupCount }),
        primary: fc.array(fc.option(fc.nat({ max: Math.max(0, groupCount - 1) }), { nil: undefined }), {
          minLength: userCount,
          maxLength: userCount,
        }),
        policies: policySettings(groupCount, userCount),
      });
    })
    .map(({ profile, strategy, userNames, groupNames, groups, primary, policies }) => {
      const names = groupNames as string[];
      const modelGroups: ModelGroup[] = groups.map((group, i) => ({
        name: names[i]!,
        kind: group.kind,
        users: (userNames as string[]).filter((_, u) => group.users[u]),
        // posixGroup holds uids only; no group contains itself.
        groups: group.kind === 'posixGroup' ? [] : names.filter((_, g) => group.groups[g] && g !== i),
      }));
      const users: ModelUser[] = (userNames as string[]).map((name, i) => {
        const index = primary[i];
        const primaryGroup =
          LAYOUT[profile].accounts === 'activeDirectory' && index !== undefined && names.length > 0
            ? names[index]
            : undefined;
        return { name, password: password(i), ...(primaryGroup !== undefined && { primaryGroup }) };
      });
      const byIndex = <T>(list: readonly T[], index: number) => list[index % Math.max(1, list.length)];
      return {
        profile,
        strategy,
        users,
        groups: modelGroups,
        policies: {
          tokenPolicies: policies.tokenPolicies,
          noDefaultPolicy: policies.noDefaultPolicy,
          groups: Object.fromEntries(
            policies.groupMappings.flatMap(([g, p]) => (names.length ? [[byIndex(names, g)!, p]] : [])),
          ),
          users: Object.fromEntries(
            policies.userMappings.map(([u, mapping]) => [byIndex(userNames as string[], u)!, mapping]),
          ),
        } satisfies PolicySettings,
      };
    });
}

const policyName = fc.stringMatching(/^[a-z][a-z-]{0,7}$/);

function policySettings(groupCount: number, userCount: number) {
  const localGroup = fc.stringMatching(/^local-[a-z]{1,4}$/);
  return fc.record({
    tokenPolicies: fc.array(policyName, { maxLength: 2 }),
    noDefaultPolicy: fc.boolean(),
    groupMappings: fc.array(
      fc.tuple(fc.nat({ max: Math.max(0, groupCount - 1) }), fc.array(policyName, { maxLength: 3 })),
      {
        maxLength: groupCount,
      },
    ),
    userMappings: fc.array(
      fc.tuple(
        fc.nat({ max: userCount - 1 }),
        fc.record({
          groups: fc.array(localGroup, { maxLength: 2 }),
          policies: fc.array(policyName, { maxLength: 2 }),
        }),
      ),
      { maxLength: 2 },
    ),
  });
}

const AD_DOMAIN_SID = 'S-1-5-21-2718281828-3141592653-1414213562';
/** Generated AD groups get RIDs from here, so a user's primaryGroupID can name one. */
const FIRST_GROUP_RID = 70_000;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * The model as LDIF to apply on top of the profile's default fixture (`server.apply(ldif)`).
 * Every value is written base64, so no name can break the LDIF.
 */
export function directoryLdif(model: DirectoryModel): string {
  const { container, accounts } = LAYOUT[model.profile];
  const ad = accounts === 'activeDirectory';
  const records = [`dn: ${container}\nobjectClass: organizationalUnit\nou: gen\n`];
  const rid = (name: string) => FIRST_GROUP_RID + model.groups.findIndex((group) => group.name === name);
  for (const user of model.users) {
    const lines = [`dn:: ${b64(userDN(model, user.name))}`];
    if (ad) {
      lines.push('objectClass: user', `sAMAccountName:: ${b64(user.name)}`, 'userAccountControl: 512');
      lines.push(`unicodePwd:: ${Buffer.from(`"${user.password}"`, 'utf16le').toString('base64')}`);
      if (user.primaryGroup !== undefined) lines.push(`primaryGroupID: ${rid(user.primaryGroup)}`);
    } else {
      lines.push('objectClass: inetOrgPerson', `uid:: ${b64(user.name)}`, `cn:: ${b64(user.name)}`);
      lines.push(`sn:: ${b64(user.name)}`, `userPassword:: ${b64(user.password)}`);
    }
    records.push(`${lines.join('\n')}\n`);
  }
  model.groups.forEach((group, i) => {
    const lines = [
      `dn:: ${b64(groupDN(model, group.name))}`,
      `objectClass: ${group.kind}`,
      `cn:: ${b64(group.name)}`,
    ];
    const dns = [
      ...group.users.map((name) => userDN(model, name)),
      ...group.groups.map((name) => groupDN(model, name)),
    ];
    switch (group.kind) {
      case 'group':
        lines.push(`sAMAccountName:: ${b64(group.name)}`);
        lines.push(`objectSid:: ${encodeSid(`${AD_DOMAIN_SID}-${FIRST_GROUP_RID + i}`).toString('base64')}`);
        lines.push(...dns.map((dn) => `member:: ${b64(dn)}`));
        break;
      case 'posixGroup':
        lines.push(`gidNumber: ${20_000 + i}`, ...group.users.map((name) => `memberUid:: ${b64(name)}`));
        break;
      default: {
        // Both classes need a member; an empty group names its container, which is nobody.
        const attribute = group.kind === 'groupOfNames' ? 'member' : 'uniqueMember';
        lines.push(...(dns.length > 0 ? dns : [container]).map((dn) => `${attribute}:: ${b64(dn)}`));
      }
    }
    records.push(`${lines.join('\n')}\n`);
  });
  return records.join('\n');
}

const GROUP_FILTERS: Readonly<Record<GroupStrategy, string | undefined>> = {
  default: undefined,
  member: '(member={{.UserDN}})',
  uniqueMember: '(uniqueMember={{.UserDN}})',
  memberUid: '(memberUid={{.Username}})',
  memberOf: '({{.UserAttr}}={{.Username}})',
  inChain: '(member:1.2.840.113556.1.4.1941:={{.UserDN}})',
  tokenGroups: undefined,
};

/**
 * The OpenBao configuration that logs in against the model on the mock at `url`: the service
 * account of the profile's fixture, the model's container as userdn and groupdn, the strategy's
 * group settings, the model's token policies.
 */
export function directoryConfig(model: DirectoryModel, url: string): LdapAuthConfig {
  const { container, service } = LAYOUT[model.profile];
  const filter = GROUP_FILTERS[model.strategy];
  return {
    url,
    ...service,
    userdn: container,
    groupdn: container,
    ...(filter !== undefined && { groupfilter: filter.replace('{{.UserAttr}}', service.userattr) }),
    ...(model.strategy === 'memberOf' && { groupattr: 'memberOf' }),
    ...(model.strategy === 'tokenGroups' && { use_token_groups: true }),
    token_policies: [...model.policies.tokenPolicies],
    token_no_default_policy: model.policies.noDefaultPolicy,
  };
}

/** The model's mappings as OpenBao's `users/` and `groups/` (the authenticator's policy store). */
export function directoryPolicyMappings(model: DirectoryModel) {
  return {
    groups: Object.fromEntries(
      Object.entries(model.policies.groups).map(([name, policies]) => [
        name,
        { policies: policies.join(',') },
      ]),
    ),
    users: Object.fromEntries(
      Object.entries(model.policies.users).map(([name, mapping]) => [
        name,
        { groups: mapping.groups.join(','), policies: mapping.policies.join(',') },
      ]),
    ),
  };
}
