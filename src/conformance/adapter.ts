/**
 * The contract between the conformance runner and an authenticator under test. An adapter takes
 * the scenario's configuration (OpenBao's keys, endpoints filled in) and performs one action;
 * a refusal is thrown as an error whose `kind` is one of the scenario error kinds.
 */
import type { ActionKind, ErrorKind, PolicyMappings, ProfileName, ResultField } from './scenario.js';
import { ERROR_KINDS } from './scenario.js';

/** What a login yielded, as far as the authenticator can tell. */
export interface LoginFacts {
  readonly userDN?: string;
  readonly groups?: readonly string[];
  readonly policies?: readonly string[];
  readonly alias?: string;
}

export interface AdapterContext {
  /** The scenario's local policy mappings (OpenBao's `users/` and `groups/`), if any. */
  readonly policies?: PolicyMappings;
  /** The profile of the server the endpoints point at. */
  readonly profile: ProfileName;
}

/**
 * What an adapter can express. A scenario needing more is reported as not applicable, never as
 * failed. Every field is optional; an omitted field means "everything".
 */
export interface AdapterCapabilities {
  readonly profiles?: readonly ProfileName[];
  /** Default `['login']` when the adapter has only `login`. */
  readonly actions?: readonly ActionKind[];
  /** The OpenBao configuration keys the adapter maps to its library's options. */
  readonly configKeys?: readonly string[];
  /** The login outcome fields it reports. */
  readonly results?: readonly ResultField[];
  /** false: account states come back as `denied` (accepted where a state is expected). */
  readonly accountStates?: boolean;
  /** false: a broken configuration is not refused up front (scenarios that check that are n/a). */
  readonly validatesConfig?: boolean;
}

export interface ConformanceAdapter {
  readonly name: string;
  readonly capabilities?: AdapterCapabilities;
  login(
    config: Readonly<Record<string, unknown>>,
    username: string,
    password: string,
    context: AdapterContext,
  ): Promise<LoginFacts>;
  listUsers?(
    config: Readonly<Record<string, unknown>>,
    options: { pageSize?: number },
    context: AdapterContext,
  ): Promise<{ usernames: readonly string[] }>;
  testConnection?(
    config: Readonly<Record<string, unknown>>,
    context: AdapterContext,
  ): Promise<{ protection?: 'ldaps' | 'startTLS' | 'none'; provider?: 'active-directory' | 'openldap' }>;
  rotatePassword?(
    config: Readonly<Record<string, unknown>>,
    username: string,
    newPassword: string,
    context: AdapterContext,
  ): Promise<{ dn: string }>;
  /** Called once after the run (close connections, end a child process). */
  close?(): Promise<void>;
}

/**
 * The error an adapter throws for a refusal. Any error with a string `kind` from ERROR_KINDS is
 * understood the same way; `not-applicable` says the library cannot express this scenario.
 */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
  constructor(
    readonly kind: ErrorKind | 'not-applicable',
    message: string,
  ) {
    super(message);
  }
}

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

/** The actions an adapter performs: declared, or the methods it has. */
export function adapterActions(adapter: ConformanceAdapter): readonly ActionKind[] {
  if (adapter.capabilities?.actions) return adapter.capabilities.actions;
  const actions: ActionKind[] = ['login'];
  if (adapter.listUsers) actions.push('listUsers');
  if (adapter.testConnection) actions.push('testConnection');
  if (adapter.rotatePassword) actions.push('rotatePassword');
  return actions;
}
