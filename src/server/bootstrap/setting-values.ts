/** Values slapd's configuration takes in both its forms (cn=config and slapd.conf), read once. */
import type { AuthzRule } from '../engine/engine.js';
import { CLIENT_VERIFICATION, type ClientVerification } from '../wire/server-tls.js';

/** Modules whose work the openldap profile does: loading them changes nothing to report. */
export function emulatedModule(name: string): boolean {
  return ['back_mdb', 'back_hdb', 'back_bdb', 'memberof', 'refint', 'ppolicy'].includes(
    name
      .replace(/^.*\//, '')
      .replace(/\.(la|so)$/, '')
      .toLowerCase(),
  );
}

/** `1000`, `size.soft=50 size.hard=100`, `size=unlimited` → the soft limit (0: none); undefined if unreadable. */
export function sizeLimitOf(value: string): number | undefined {
  const soft = /^\d+$/.test(value.trim())
    ? value.trim()
    : /size(?:\.soft)?=(\d+|unlimited)/i.exec(value)?.[1];
  if (soft === undefined) return undefined;
  return soft === 'unlimited' ? 0 : Number(soft);
}

/** TLSVerifyClient's value (`hard` is slapd's other name for demand); undefined if unknown. */
export function clientVerificationOf(value: string): ClientVerification | undefined {
  const verify = value.trim().toLowerCase() === 'hard' ? 'demand' : value.trim().toLowerCase();
  return (CLIENT_VERIFICATION as readonly string[]).includes(verify)
    ? (verify as ClientVerification)
    : undefined;
}

/**
 * An authz-regexp rule as slapd reads it — `"MATCH" "REPLACEMENT"` or `MATCH REPLACEMENT`, after
 * cn=config's `{N}` order prefix — or why it is not one.
 */
export function authzRuleOf(text: string): AuthzRule | { readonly problem: string } {
  const value = text.replace(/^\s*\{\d+\}/, '');
  const parts =
    /^\s*"((?:[^"\\]|\\.)*)"\s+"((?:[^"\\]|\\.)*)"\s*$/.exec(value) ?? /^\s*(\S+)\s+(\S+)\s*$/.exec(value);
  if (!parts) return { problem: `expected "MATCH REPLACEMENT", got ${JSON.stringify(text)}` };
  try {
    new RegExp(parts[1]!);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  return { match: parts[1]!, replace: parts[2]! };
}
