/** Which server a rootDSE belongs to: AD advertises its capabilities, Samba also names itself. */
import type { ProfileName } from '../server/profiles/registry.js';

const AD_CAPABILITY = '1.2.840.113556.1.4.800';

type RootDSE = Readonly<Record<string, readonly string[]>>;

/** A directory that speaks AD (Windows or Samba): its accounts, SIDs and password attribute. */
export function isActiveDirectory(rootDSE: RootDSE): boolean {
  return (rootDSE['supportedcapabilities'] ?? []).includes(AD_CAPABILITY);
}

export function profileOfRootDSE(rootDSE: RootDSE): ProfileName {
  if (!isActiveDirectory(rootDSE)) return 'openldap';
  const vendor = (rootDSE['vendorname'] ?? []).join(' ');
  return /samba/i.test(vendor) ? 'samba' : 'ad';
}
