/** Values slapd's configuration takes in both its forms (cn=config and slapd.conf), read once. */
import { parseFilter } from '../../core/filter-parse.js';
import type { AuthzRule } from '../engine/engine.js';
import type { UniqueDomain, UniqueScope } from '../profiles/overlay-rules.js';
import { CLIENT_VERIFICATION, type ClientVerification } from '../wire/server-tls.js';

/** Modules whose work the openldap profile does: loading them changes nothing to report. */
export function emulatedModule(name: string): boolean {
  return ['back_mdb', 'back_hdb', 'back_bdb', 'memberof', 'refint', 'ppolicy', 'sssvlv', 'unique'].includes(
    name
      .replace(/^.*\//, '')
      .replace(/\.(la|so)$/, '')
      .toLowerCase(),
  );
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

/** slapo-sssvlv's default number of sort keys. */
export const SSSVLV_DEFAULT_MAX_KEYS = 5;

/** slapo-sssvlv's olcSssVlvMaxKeys (sssvlv-maxkeys): a positive number of sort keys. */
export function maxKeysOf(value: string): number | undefined {
  return /^\s*[1-9]\d*\s*$/.test(value) ? Number(value) : undefined;
}

/**
 * olcUniqueURI (unique_uri): `[strict ][ignore ][serialize ]URI[ URI…]`, each URI
 * `ldap:///[BASE]?[ATTRS]?[one|sub|children]?[FILTER]` (no scope: sub) — or why not.
 */
export function uniqueDomainOf(text: string): UniqueDomain | { readonly problem: string } {
  let rest = text.replace(/^\s*\{\d+\}/, '').trim();
  const flags = { strict: false, ignore: false };
  for (
    let flag = /^(strict|ignore|serialize)(\s+|$)/i.exec(rest);
    flag;
    flag = /^(strict|ignore|serialize)(\s+|$)/i.exec(rest)
  ) {
    const name = flag[1]!.toLowerCase();
    if (name !== 'serialize') flags[name as 'strict' | 'ignore'] = true;
    rest = rest.slice(flag[0].length);
  }
  const uris: UniqueScope[] = [];
  for (const uri of rest.split(/\s+/).filter(Boolean)) {
    const scope = uniqueScopeOf(uri);
    if ('problem' in scope) return scope;
    uris.push(scope);
  }
  if (uris.length === 0) return { problem: `no ldap:/// URI in ${JSON.stringify(text)}` };
  return { ...flags, uris };
}

function uniqueScopeOf(uri: string): UniqueScope | { readonly problem: string } {
  const parts = /^ldap:\/\/\/([^?]*)(?:\?([^?]*)(?:\?([^?]*)(?:\?(.*))?)?)?$/i.exec(uri);
  if (!parts) return { problem: `${JSON.stringify(uri)} is not an ldap:/// URI` };
  const [, base = '', attrs = '', scope = '', filter = ''] = parts.map((p) =>
    p === undefined ? p : decodeURIComponent(p),
  );
  const scopeName = scope === '' ? 'sub' : scope.toLowerCase();
  if (scopeName === 'base') return { problem: 'a URI with base scope is always unique' };
  if (scopeName !== 'one' && scopeName !== 'sub' && scopeName !== 'children')
    return { problem: `unknown scope ${JSON.stringify(scope)} in ${uri}` };
  let parsed: UniqueScope['filter'];
  if (filter !== '') {
    try {
      parsed = parseFilter(filter);
    } catch (error) {
      return { problem: `bad filter in ${uri}: ${(error as Error).message}` };
    }
  }
  return {
    ...(base !== '' && { base }),
    scope: scopeName,
    attributes: attrs.split(',').filter(Boolean),
    ...(parsed && { filter: parsed }),
  };
}
