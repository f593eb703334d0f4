/** The known key a mistyped or foreign one (`searchBase`, `bindDN`) most likely means. */
import { editDistance, squashKey } from '../key-distance.js';
import { defaultLdapAuthConfig } from './settings.js';

/** Every accepted key: the settings, and `policies` (the deprecated token_policies). */
const KNOWN_KEYS: readonly string[] = [...Object.keys(defaultLdapAuthConfig), 'policies'];

/** Names other LDAP libraries use for the same settings, to point users at ours. */
const FOREIGN_NAMES: Readonly<Record<string, string>> = {
  searchbase: 'userdn',
  searchfilter: 'userfilter',
  bindcredentials: 'bindpass',
  bindpassword: 'bindpass',
  groupsearchbase: 'groupdn',
  groupsearchfilter: 'groupfilter',
  usernameattribute: 'userattr',
  rejectunauthorized: 'insecure_tls',
  ca: 'certificate',
  timeout: 'request_timeout',
  connecttimeout: 'connection_timeout',
};

/** The known key closest to `key`, if one is close enough to be a likely typo. */
export function closestKnownKey(key: string): string | undefined {
  const wanted = squashKey(key);
  const foreign = FOREIGN_NAMES[wanted];
  if (foreign !== undefined) return foreign;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const known of KNOWN_KEYS) {
    const candidate = squashKey(known);
    if (candidate === wanted) return known;
    let distance = editDistance(wanted, candidate);
    if (wanted.length >= 6 && (wanted.startsWith(candidate) || candidate.startsWith(wanted))) {
      distance = Math.min(distance, 1);
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = known;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(wanted.length / 4)) ? best : undefined;
}
