/**
 * The server's resource limits: every option, its default and what hitting it does, in one place.
 * None of them is reached by a well-behaved client in a test; they keep a hostile or broken one
 * from taking the server down.
 */
import type { Profile } from './profiles/profile.js';
import { defaultFilterLimits } from './wire/decode-filter.js';

export interface ServerLimits {
  /** Largest LDAP message accepted, in bytes; a bigger one closes the connection. Default 16 MiB. */
  readonly maxMessageSize: number;
  /** Open connections; one more is accepted and closed at once, as slapd does. Default 4096. */
  readonly maxConnections: number;
  /** Nesting of and/or/not in a filter; deeper is a protocol error (2). Default 64. */
  readonly maxFilterDepth: number;
  /** Encoded size of a search filter in bytes; larger is a protocol error (2). Default 1 MiB. */
  readonly maxFilterSize: number;
  /**
   * Seconds a connection may stay without a request before it is closed, as slapd's
   * `idletimeout` and AD's MaxConnIdleTime do; 0 = never. Default: the profile's (slapd 0, AD and
   * Samba 900).
   */
  readonly idleTimeout: number;
  /**
   * Operations a connection may have outstanding; one more closes the connection, as slapd does
   * past `conn_max_pending_auth`. Default 1000.
   */
  readonly maxOutstandingOperations: number;
  /** Entries per search for the administrator too, who is otherwise exempt (result 4 past it); 0 = off (default). */
  readonly adminSizeLimit: number;
}

const defaults: Omit<ServerLimits, 'idleTimeout'> = {
  maxMessageSize: 16 * 1024 * 1024,
  maxConnections: 4096,
  ...defaultFilterLimits,
  maxOutstandingOperations: 1000,
  adminSizeLimit: 0,
};

/** Limits a value of 0 switches off; the others must be at least 1. */
const zeroMeansOff = new Set<keyof ServerLimits>(['idleTimeout', 'adminSizeLimit']);

const LIMIT_NAMES = [...Object.keys(defaults), 'idleTimeout'] as (keyof ServerLimits)[];

export class LimitsError extends TypeError {
  override name = 'LimitsError';
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`limits.${key}: ${reason}`);
  }
}

/** The given limits over the defaults; a bad value is a LimitsError naming the option. */
export function resolveLimits(given: Partial<ServerLimits> | undefined, profile: Profile): ServerLimits {
  const limits: ServerLimits = { ...defaults, idleTimeout: profile.idleTimeout, ...given };
  for (const [key, value] of Object.entries(given ?? {})) {
    const name = key as keyof ServerLimits;
    if (!LIMIT_NAMES.includes(name)) {
      throw new LimitsError(key, `unknown limit (expected one of: ${LIMIT_NAMES.join(', ')})`);
    }
    const least = zeroMeansOff.has(name) ? 0 : 1;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < least) {
      throw new LimitsError(
        key,
        `expected an integer ≥ ${least}${least === 0 ? ' (0 = off)' : ''}, got ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`,
      );
    }
  }
  return limits;
}
