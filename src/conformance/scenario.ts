/**
 * A conformance scenario is data: which server to emulate, what to change in its data, which
 * faults to switch on, an authenticator configuration in OpenBao's keys, one action, and the
 * outcome a correct authenticator yields — with a one-line `why` naming the real failure it
 * guards. Scenarios hold no code, so the same catalogue runs against any authenticator.
 */
import type { Faults } from '../server/layers/faults.js';
import { PROFILE_NAMES, type ProfileName } from '../server/profiles/registry.js';

export type { ProfileName };
export const PROFILES: readonly ProfileName[] = PROFILE_NAMES;

export const TOPICS = [
  'escaping',
  'templating',
  'bind-modes',
  'null-bind',
  'nesting',
  'token-groups',
  'case',
  'aliases',
  'policies',
  'paging',
  'range',
  'tls',
  'failover',
  'account-states',
  'referrals',
  'rotation',
  'ambiguous',
  'directory',
] as const;
export type Topic = (typeof TOPICS)[number];

/**
 * Why a login (or a directory action) did not succeed. An authenticator that cannot tell the
 * account states apart reports `denied` for them; see `AdapterCapabilities.accountStates`.
 */
export const ERROR_KINDS = [
  /** Credentials refused: wrong password, unknown or ambiguous user, empty password. */
  'denied',
  'account-locked',
  'account-disabled',
  'account-expired',
  'password-expired',
  'password-must-change',
  /** AD data 530: outside the account's logon hours. */
  'logon-hours',
  /** AD data 531: not allowed from this workstation. */
  'workstation',
  /** No server could be used: refused, timed out, TLS verification failed, busy, unavailable. */
  'unavailable',
  /** The configuration was refused before any connection. */
  'config',
  'group-search-failed',
  'alias-failed',
  /** A password was about to be sent over a connection without TLS, and was not. */
  'insecure-connection',
  'user-not-found',
  /** The directory refused a new password (length, complexity, history, policy). */
  'password-rejected',
  /** Any other failure of the flow (a re-bind, a lookup). */
  'failed',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Kinds that are a refusal of the credentials because of the account's state. */
export const ACCOUNT_STATE_KINDS: readonly ErrorKind[] = [
  'account-locked',
  'account-disabled',
  'account-expired',
  'password-expired',
  'password-must-change',
  'logon-hours',
  'workstation',
];

export type ActionKind = 'login' | 'listUsers' | 'testConnection' | 'rotatePassword';

export type Action =
  | { readonly kind: 'login'; readonly username: string; readonly password: string }
  | { readonly kind: 'listUsers'; readonly pageSize?: number }
  | { readonly kind: 'testConnection' }
  | {
      readonly kind: 'rotatePassword';
      readonly username: string;
      readonly newPassword: string;
    };

/** OpenBao's `users/` and `groups/` paths: local mappings to policies (and groups for users). */
export interface PolicyMappings {
  readonly users?: Readonly<Record<string, { readonly groups?: string; readonly policies?: string }>>;
  readonly groups?: Readonly<Record<string, { readonly policies?: string }>>;
}

/** What a successful login yields; only the fields given are compared. */
export interface LoginExpectation {
  /** Compared as DNs (attribute types and escapes normalised, values case-insensitively). */
  readonly userDN?: string;
  /** Compared as sets, case-insensitively (LDAP group names are). */
  readonly groups?: readonly string[];
  /** Compared as sets, exactly. */
  readonly policies?: readonly string[];
  readonly alias?: string;
}

export type Expectation =
  | { readonly login: LoginExpectation }
  | { readonly users: { readonly usernames?: readonly string[]; readonly count?: number } }
  | {
      readonly connection: {
        readonly protection?: 'ldaps' | 'startTLS' | 'none';
        readonly provider?: 'active-directory' | 'openldap';
      };
    }
  /** The password was set; the runner then binds as `dn` with the new password to prove it. */
  | { readonly rotated: { readonly dn: string } }
  /** The action fails with this kind (or one of these kinds). */
  | { readonly error: ErrorKind | readonly ErrorKind[] };

/** Outcome fields an adapter may or may not report. */
export type ResultField = 'userDN' | 'groups' | 'policies' | 'alias';

/** What a scenario may need of an authenticator: an outcome field, or checking its configuration. */
export type Requirement = ResultField | 'configValidation';

/** What the server must not have seen, checked from its journal whatever the authenticator reports. */
export type JournalExpectation =
  /** No bind carrying a password on a connection without TLS (LDAPS, or StartTLS completed). */
  | { readonly kind: 'no-password-in-clear' }
  /** The username never reached a filter as wildcards: no substrings item holds a part of it. */
  | { readonly kind: 'username-escaped'; readonly value: string };

export interface Scenario {
  /** Stable: `topic/name`, with `@profile` when the same check exists for several profiles. */
  readonly id: string;
  readonly topic: Topic;
  readonly profile: ProfileName;
  /** The real failure this guards against, in one line (an issue, an advisory, a library bug). */
  readonly why: string;
  /** LDIF applied on top of the profile's default data for this scenario only. */
  readonly fixture?: string;
  /** Faults of the server named by `$URL` / `$LDAPS_URL`. */
  readonly faults?: Faults;
  /** Faults of the second server (`$PEER_URL`, `$PEER_LDAPS_URL`), for failover. */
  readonly peerFaults?: Faults;
  /**
   * OpenBao's `auth/ldap/config` keys. String values may hold endpoints, filled in by the runner:
   * `$URL`, `$LDAPS_URL`, `$PEER_URL`, `$PEER_LDAPS_URL`, `$CLOSED_URL` (nothing listens),
   * `$CA` (the PEM of the CA that signed the servers' certificates), `$OTHER_CA` (one that did not).
   */
  readonly config: Readonly<Record<string, unknown>>;
  readonly policies?: PolicyMappings;
  readonly action: Action;
  readonly expect: Expectation;
  /** Checked on the server's journal, on top of `expect`. */
  readonly journal?: readonly JournalExpectation[];
  /**
   * What the scenario says nothing without: outcome fields (others are just not compared when an
   * adapter does not report them), or `configValidation` for a configuration to be refused.
   */
  readonly requires?: readonly Requirement[];
}
