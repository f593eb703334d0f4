/**
 * The tokenGroups Samba's root DSE shows (Profile.rootDSE.sessionTokenGroups): the security token
 * of the session — for an account, its own SID, its groups (the entry's tokenGroups), the
 * well-known SIDs of an authenticated network logon (Everyone, Network, Authenticated Users) and
 * every group those are members of through their foreign security principals; for an unbound
 * session, Anonymous Logon alone.
 */
import { encodeSid } from '../../core/sid.js';
import { containingGroups } from '../matching/in-chain-rule.js';
import type { AttributeValue } from '../operations.js';
import type { Engine } from './engine.js';

const ANONYMOUS_LOGON = 'S-1-5-7';
const LOGON_SIDS = ['S-1-1-0', 'S-1-5-2', 'S-1-5-11'];

export function sessionTokenGroups(engine: Engine, bindDN: string): AttributeValue[] {
  const { directory, profile } = engine;
  const account = bindDN === '' ? undefined : directory.get(bindDN);
  if (!account) return [encodeSid(ANONYMOUS_LOGON)];
  const token: AttributeValue[] = [];
  const seen = new Set<string>();
  const add = (sid: AttributeValue | undefined) => {
    if (sid === undefined) return;
    const key = Buffer.from(sid).toString('hex');
    if (seen.has(key)) return;
    seen.add(key);
    token.push(sid);
  };
  add(account.get('objectsid')?.values[0]);
  for (const sid of engine.virtual.values(account, 'tokengroups') ?? []) add(sid);
  const member = profile.memberOfGroups.memberAttribute;
  for (const wellKnown of LOGON_SIDS) {
    add(encodeSid(wellKnown));
    const principal = directory.get(`CN=${wellKnown},CN=ForeignSecurityPrincipals,${engine.options.baseDN}`);
    if (!principal) continue;
    for (const ndn of containingGroups(directory, principal, member)) {
      add(directory.getByNdn(ndn)?.get('objectsid')?.values[0]);
    }
  }
  return token;
}
