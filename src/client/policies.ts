/**
 * Local policy mappings and policy resolution, with OpenBao's `users/` and `groups/` model
 * (research/openbao-ldaputil.md §7):
 *
 * - a user mapping `users/<name>` → `{ groups, policies }`: local groups the user is put in,
 *   and policies given to that user directly;
 * - a group mapping `groups/<name>` → `{ policies }`: policies given to members of that group,
 *   whether the membership comes from LDAP or from a user mapping.
 *
 * The same model covers TrueCommand's "LDAP Default Teams" (policies every user gets:
 * `defaultPolicies`) and "LDAP Group Mappings" (group → teams: group mappings with the teams as
 * policies), and JumpServer-style group → role maps.
 *
 * Normalisation, as OpenBao writes it: names are lower-cased unless case_sensitive_names;
 * policy names are always trimmed and lower-cased, empty ones dropped, duplicates removed, the
 * list sorted, and a list containing `root` becomes just `[root]`; a user's groups are trimmed,
 * lower-cased (case-insensitive mode only), de-duplicated and sorted. Lists are given as a comma
 * string (`"a, b"`) or an array (whose elements are not split further). Sorting is by code point,
 * which is Go's byte order for UTF-8. One deliberate difference: OpenBao's DELETE does not
 * lower-case the name (vault#29355), so `DELETE users/Alice` misses `alice`; ours does.
 */
import type { ResolvedLdapAuthConfig } from './config/index.js';
import { goQuote } from './errors/index.js';

/** A list as OpenBao's API takes it: a comma-separated string or an array of strings. */
export type ListInput = string | readonly string[];

export interface UserMapping {
  /** Local groups, normalised (see the file comment). */
  readonly groups: readonly string[];
  /** Policies, normalised. */
  readonly policies: readonly string[];
}

export interface GroupMapping {
  readonly policies: readonly string[];
}

export interface PolicyStoreOptions {
  /** case_sensitive_names: keep the case of user and group names. Default false (lower-case them). */
  readonly caseSensitiveNames?: boolean | undefined;
  /** Policies every user who logs in gets (TrueCommand's default teams). */
  readonly defaultPolicies?: ListInput | undefined;
  /** Initial user mappings, by name. */
  readonly users?:
    | Readonly<Record<string, { readonly groups?: ListInput; readonly policies?: ListInput }>>
    | undefined;
  /** Initial group mappings, by name. */
  readonly groups?: Readonly<Record<string, { readonly policies?: ListInput }>> | undefined;
}

/** The part of the configuration policy resolution reads. */
export type PolicyConfig = Pick<
  ResolvedLdapAuthConfig,
  'case_sensitive_names' | 'groupdn' | 'token_policies' | 'token_no_default_policy'
>;

export interface PolicyResolutionInput {
  /** The normalised username (see `normalizeUsername`). */
  readonly username: string;
  /** Group names found in LDAP, as returned (original case). */
  readonly ldapGroups: readonly string[];
  readonly config: PolicyConfig;
}

export interface PolicyResolution {
  /**
   * The token's policies: token_policies plus `derivedPolicies`, normalised, with `default` added
   * unless token_no_default_policy (and never next to `root`, which stands alone).
   */
  readonly policies: readonly string[];
  /**
   * The policies the LDAP method itself derives (group mappings of every group, then the user's
   * own, then `defaultPolicies`): trimmed, lower-cased, de-duplicated, sorted. This is what
   * OpenBao's backend returns before token_policies and `default` are added.
   */
  readonly derivedPolicies: readonly string[];
  /**
   * All the user's groups: the user mapping's local groups (as stored), then the LDAP groups
   * (original case). Not de-duplicated, as OpenBao's list; group aliases are its non-empty items.
   */
  readonly groups: readonly string[];
  /** `no LDAP groups found in groupDN "…"; …` when LDAP gave no group. */
  readonly warnings: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Go string semantics (OpenBao normalises with strings.TrimSpace and strings.ToLower)
// ---------------------------------------------------------------------------------------------

/** Go's unicode.IsSpace. Differs from JavaScript's trim(): U+0085 is space, U+FEFF is not. */
function isGoSpace(c: number): boolean {
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return (
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Go's strings.TrimSpace. */
export function goTrimSpace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isGoSpace(value.charCodeAt(start))) start++;
  while (end > start && isGoSpace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

// Go maps each code point on its own (simple case mapping): no final-sigma rule, and İ → i.
const NEEDS_SIMPLE_MAPPING = /[\u0130\u03a3]/;

/** Go's strings.ToLower. */
export function goToLower(value: string): string {
  if (!NEEDS_SIMPLE_MAPPING.test(value)) return value.toLowerCase();
  let out = '';
  for (const ch of value) out += ch === '\u0130' ? 'i' : ch.toLowerCase();
  return out;
}

/**
 * The username as OpenBao uses it from the start of a login: trimmed of (Go) white space, then
 * lower-cased unless case_sensitive_names. Lookahead (lockout) and login must both use this.
 * Unlike OpenBao, NFKC-normalised first, as the directory compares names (RFC 4518): `ａｌｉｃｅ`
 * reaches alice's entry, so it must be alice's username too, or one account gets many
 * identities, each with its own lockout counter.
 */
export function normalizeUsername(username: string, caseSensitiveNames: boolean): string {
  const trimmed = goTrimSpace(username.normalize('NFKC'));
  return caseSensitiveNames ? trimmed : goToLower(trimmed);
}

/** Code point order (= UTF-8 byte order, Go's sort.Strings), not UTF-16 code unit order. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (astral code points) sort after U+E000–U+FFFF.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------------------------------------
// List normalisation
// ---------------------------------------------------------------------------------------------

function listItems(input: ListInput | undefined, what: string): string[] {
  if (input === undefined) return [];
  if (typeof input === 'string') return input === '' ? [] : input.split(',');
  if (!Array.isArray(input)) {
    throw new TypeError(
      `${what}: expected a comma-separated string or an array of strings, got ${typeof input}`,
    );
  }
  return input.map((item, i) => {
    if (typeof item !== 'string') {
      throw new TypeError(`${what}[${i}]: expected a string, got ${item === null ? 'null' : typeof item}`);
    }
    return item;
  });
}

/** strutil.RemoveDuplicates: trim, optionally lower-case, drop empties, de-duplicate, sort. */
function removeDuplicates(items: readonly string[], lowercase: boolean): string[] {
  const set = new Set<string>();
  for (const item of items) {
    let v = goTrimSpace(item);
    if (lowercase) v = goToLower(v);
    if (v !== '') set.add(v);
  }
  return [...set].sort(compareCodePoints);
}

/**
 * policyutil.SanitizePolicies: trim and lower-case each, drop empties; `root` anywhere → `[root]`
 * alone; otherwise add `default` when asked and absent; de-duplicate and sort.
 */
function sanitizePolicies(policies: readonly string[], addDefault: boolean): string[] {
  const clean: string[] = [];
  for (const p of policies) {
    const v = goToLower(goTrimSpace(p));
    if (v === '') continue;
    if (v === 'root') return ['root'];
    clean.push(v);
  }
  if (addDefault) clean.push('default');
  return removeDuplicates(clean, false);
}

/**
 * Normalises a policy list as OpenBao stores it (policyutil.ParsePolicies): trimmed, lower-cased,
 * no empties or duplicates, sorted, `[root]` when root is present; `default` is not added.
 */
export function parsePolicyList(input: ListInput | undefined, what = 'policies'): string[] {
  return sanitizePolicies(listItems(input, what), false);
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

/** In-memory `users/` and `groups/` mappings, plus the default policies every user gets. */
export class PolicyStore {
  readonly caseSensitiveNames: boolean;
  readonly defaultPolicies: readonly string[];
  readonly #users = new Map<string, UserMapping>();
  readonly #groups = new Map<string, GroupMapping>();

  constructor(options: PolicyStoreOptions = {}) {
    this.caseSensitiveNames = options.caseSensitiveNames === true;
    this.defaultPolicies = Object.freeze(parsePolicyList(options.defaultPolicies, 'defaultPolicies'));
    for (const [name, mapping] of Object.entries(options.users ?? {})) this.setUser(name, mapping);
    for (const [name, mapping] of Object.entries(options.groups ?? {})) this.setGroup(name, mapping);
  }

  /** The storage key of a user or group name: lower-cased unless case-sensitive. */
  #key(name: string, what: string): string {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`${what} name must be a non-empty string, got ${JSON.stringify(name)}`);
    }
    return this.caseSensitiveNames ? name : goToLower(name);
  }

  /** Creates or replaces a user mapping (fields left out become empty, as OpenBao's write). */
  setUser(
    name: string,
    mapping: { readonly groups?: ListInput; readonly policies?: ListInput } = {},
  ): UserMapping {
    const key = this.#key(name, 'user');
    const user: UserMapping = Object.freeze({
      groups: Object.freeze(
        removeDuplicates(listItems(mapping.groups, `users/${name}.groups`), !this.caseSensitiveNames),
      ),
      policies: Object.freeze(parsePolicyList(mapping.policies, `users/${name}.policies`)),
    });
    this.#users.set(key, user);
    return user;
  }

  getUser(name: string): UserMapping | undefined {
    return this.#users.get(this.#key(name, 'user'));
  }

  /** Removes a user mapping; true when there was one. */
  deleteUser(name: string): boolean {
    return this.#users.delete(this.#key(name, 'user'));
  }

  /** User names, sorted. */
  listUsers(): string[] {
    return [...this.#users.keys()].sort(compareCodePoints);
  }

  /** Creates or replaces a group mapping. */
  setGroup(name: string, mapping: { readonly policies?: ListInput } = {}): GroupMapping {
    const key = this.#key(name, 'group');
    const group: GroupMapping = Object.freeze({
      policies: Object.freeze(parsePolicyList(mapping.policies, `groups/${name}.policies`)),
    });
    this.#groups.set(key, group);
    return group;
  }

  getGroup(name: string): GroupMapping | undefined {
    return this.#groups.get(this.#key(name, 'group'));
  }

  deleteGroup(name: string): boolean {
    return this.#groups.delete(this.#key(name, 'group'));
  }

  listGroups(): string[] {
    return [...this.#groups.keys()].sort(compareCodePoints);
  }

  /**
   * The policies and groups of a user who has just logged in (OpenBao §7.2 and §7.3). Throws a
   * TypeError when the config's case_sensitive_names differs from the store's: names were
   * normalised one way on write and would be looked up another way.
   */
  resolvePolicies(input: PolicyResolutionInput): PolicyResolution {
    const { config } = input;
    if (config.case_sensitive_names !== this.caseSensitiveNames) {
      throw new TypeError(
        `resolvePolicies: config.case_sensitive_names is ${config.case_sensitive_names} but the PolicyStore ` +
          `was built with caseSensitiveNames ${this.caseSensitiveNames}; build both from the same configuration`,
      );
    }
    const user = this.#users.get(this.caseSensitiveNames ? input.username : goToLower(input.username));
    const groups = [...(user?.groups ?? []), ...input.ldapGroups];
    const collected: string[] = [];
    for (const group of groups) {
      const mapping = this.#groups.get(this.caseSensitiveNames ? group : goToLower(group));
      if (mapping !== undefined) collected.push(...mapping.policies);
    }
    if (user !== undefined) collected.push(...user.policies);
    collected.push(...this.defaultPolicies);
    const derivedPolicies = removeDuplicates(collected, true);
    const policies = sanitizePolicies(
      [...config.token_policies, ...derivedPolicies],
      !config.token_no_default_policy,
    );
    const warnings =
      input.ldapGroups.length === 0
        ? [
            `no LDAP groups found in groupDN ${goQuote(config.groupdn)}; only policies from locally-defined groups available`,
          ]
        : [];
    return { policies, derivedPolicies, groups, warnings };
  }
}
