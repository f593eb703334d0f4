/**
 * Which entry a bind name means. slapd takes DNs only; AD also takes `user@upn-suffix` (the
 * userPrincipalName, or sAMAccountName@DNS domain) and `NETBIOS\sAMAccountName` (MS-ADTS
 * 5.1.1.1.1); Samba also an account's SID and GUID and `user@NETBIOS`. A name that is neither a
 * DN nor an accepted form is invalid.
 */
import { dnsDomain } from '../../core/dns-domain.js';
import { encodeSid } from '../../core/sid.js';
import type { Directory } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';
import type { Profile } from '../profiles/profile.js';
import { resolveExtendedDN } from './extended-dn.js';

export type BindName = { readonly entry: Entry | undefined; readonly dn: boolean } | 'invalid';

export function resolveBindName(
  directory: Directory,
  profile: Profile,
  baseDN: string,
  name: string,
): BindName {
  if (profile.bind.sidNames) {
    const bySid = sidName(directory, name);
    if (bySid) return bySid;
  }
  const isDN = !/^[^=]*[@\\]/.test(name);
  if (isDN || !profile.bind.upnNames) {
    try {
      return { entry: directory.getByNdn(directory.normalize(name)), dn: true };
    } catch {
      return 'invalid';
    }
  }
  const backslash = name.indexOf('\\');
  if (backslash >= 0) {
    const domain = name.slice(0, backslash);
    const account = name.slice(backslash + 1);
    const known =
      profile.bind.netbiosDomain?.toLowerCase() === domain.toLowerCase() ||
      domain.toLowerCase() === dnsDomain(baseDN);
    return { entry: known ? unique(directory, 'samaccountname', account) : undefined, dn: false };
  }
  // A name that maps to several accounts fails; only a name that maps to none tries the next form.
  const byUpn = directory.lookup('userprincipalname', name);
  if (byUpn.size > 0) return { entry: unique(directory, 'userprincipalname', name), dn: false };
  const at = name.lastIndexOf('@');
  const suffix = name.slice(at + 1).toLowerCase();
  const implicit =
    suffix === dnsDomain(baseDN) ||
    (profile.bind.netbiosUpn === true && suffix === profile.bind.netbiosDomain?.toLowerCase());
  return { entry: implicit ? unique(directory, 'samaccountname', name.slice(0, at)) : undefined, dn: false };
}

/** An account named by its SID (`S-1-5-…` or `<SID=…>`) or `<GUID=…>` (Samba); undefined for any other name. */
function sidName(directory: Directory, name: string): BindName | undefined {
  if (/^<(SID|GUID)=/i.test(name)) {
    const entry = resolveExtendedDN(directory, name);
    return { entry: entry === 'invalid' ? undefined : entry, dn: false };
  }
  if (!/^S-1-\d/i.test(name)) return undefined;
  try {
    return { entry: unique(directory, 'objectsid', encodeSid(name.toUpperCase())), dn: false };
  } catch {
    return { entry: undefined, dn: false };
  }
}

/** The one entry whose attribute equals the value; none when absent or ambiguous (AD fails those). */
function unique(directory: Directory, key: string, value: string | Buffer): Entry | undefined {
  const found = directory.lookup(key, value);
  if (found.size !== 1) return undefined;
  return directory.getByNdn(found.values().next().value!);
}
