/**
 * The reference model of a login: which LDAP groups a user gets under each group strategy, and
 * the policies OpenBao derives from them. Written plainly, from the servers' and OpenBao's
 * documented behaviour, without any of the authenticator's code, so a property test can hold
 * any implementation to it.
 */
import { parseDN } from '../../core/dn-parse.js';
import { userDN } from './layout.js';
import type { DirectoryModel, ModelGroup } from './model.js';

/** What the default AD fixture nests the default primary group in: Domain Users ⊂ Builtin\Users. */
export const DEFAULT_PRIMARY_GROUP_CLOSURE: readonly string[] = ['Domain Users', 'Users'];

export interface ExpectedLogin {
  /** The LDAP groups, sorted by code point. */
  readonly groups: readonly string[];
  /** OpenBao's policies: mapped, the user's own, token policies and `default`; deduplicated, sorted. */
  readonly policies: readonly string[];
}

/** What a login as `username` must yield from the model. */
export function expectedLogin(model: DirectoryModel, username: string): ExpectedLogin {
  const groups = expectedGroups(model, username);
  return { groups, policies: expectedPolicies(model, username, groups) };
}

export function expectedGroups(model: DirectoryModel, username: string): string[] {
  const user = model.users.find((candidate) => candidate.name === username);
  if (!user) throw new RangeError(`no user ${JSON.stringify(username)} in the model`);
  const direct = (test: (group: ModelGroup) => boolean) =>
    model.groups.filter(test).map((group) => group.name);
  const lists = (group: ModelGroup) => group.kind !== 'posixGroup' && group.users.includes(username);
  let names: string[];
  switch (model.strategy) {
    case 'default':
      names = direct((group) => group.users.includes(username));
      break;
    case 'member':
      names = direct((group) => (group.kind === 'groupOfNames' || group.kind === 'group') && lists(group));
      break;
    case 'uniqueMember':
      names = direct((group) => group.kind === 'groupOfUniqueNames' && lists(group));
      break;
    case 'memberUid':
      names = direct((group) => group.kind === 'posixGroup' && group.users.includes(username));
      break;
    case 'memberOf':
      // OpenLDAP's memberof overlay and AD's back-link both follow `member`: groupOfNames / group.
      names = direct((group) => (group.kind === 'groupOfNames' || group.kind === 'group') && lists(group));
      // OpenBao: an entry found without the groupattr attribute names itself, by its DN's CN
      // (the whole DN when it has none, as `uid=…`; compare such a name as a DN: servers escape
      // the same DN differently).
      if (names.length === 0) names = [cnOf(userDN(model, username))];
      break;
    case 'inChain':
      names = closure(model, direct(lists));
      break;
    case 'tokenGroups': {
      const primary =
        user.primaryGroup === undefined ? DEFAULT_PRIMARY_GROUP_CLOSURE : closure(model, [user.primaryGroup]);
      names = [...closure(model, direct(lists)), ...primary];
      break;
    }
  }
  return [...new Set(names)].sort(byCodePoint);
}

/** The groups and every group that contains one of them, directly or through nesting (cycles end). */
function closure(model: DirectoryModel, start: readonly string[]): string[] {
  const seen = new Set(start);
  const queue = [...start];
  while (queue.length > 0) {
    const inner = queue.shift()!;
    for (const outer of model.groups) {
      if (outer.groups.includes(inner) && !seen.has(outer.name)) {
        seen.add(outer.name);
        queue.push(outer.name);
      }
    }
  }
  return [...seen];
}

/**
 * OpenBao's policy resolution: the user's local groups join the LDAP groups; each group's mapped
 * policies (names compared case-insensitively), the user's own, the token policies and
 * `default` unless turned off; lower-cased, deduplicated, sorted.
 */
export function expectedPolicies(
  model: DirectoryModel,
  username: string,
  ldapGroups: readonly string[],
): string[] {
  const { groups: groupMappings, users, tokenPolicies, noDefaultPolicy } = model.policies;
  const fold = (name: string) => name.toLowerCase();
  const mapped = new Map(Object.entries(groupMappings).map(([name, policies]) => [fold(name), policies]));
  const user = Object.entries(users).find(([name]) => fold(name) === fold(username))?.[1];
  const policies = new Set<string>();
  for (const group of [...(user?.groups ?? []), ...ldapGroups]) {
    for (const policy of mapped.get(fold(group)) ?? []) policies.add(fold(policy));
  }
  for (const policy of [...(user?.policies ?? []), ...tokenPolicies]) policies.add(fold(policy));
  if (!noDefaultPolicy) policies.add('default');
  return [...policies].sort(byCodePoint);
}

/** The value of the DN's first CN (any case), else the DN itself. */
function cnOf(dn: string): string {
  for (const rdn of parseDN(dn)) for (const ava of rdn) if (ava.type.toLowerCase() === 'cn') return ava.value;
  return dn;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
