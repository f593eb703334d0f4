/**
 * What the root DSE says about a server: its naming contexts and which kind of directory it is.
 * Active Directory (and Samba AD) announce LDAP_CAP_ACTIVE_DIRECTORY_OID in supportedCapabilities;
 * anything else is treated as an RFC directory (OpenLDAP and its kin), which is what Infisical's
 * `provider` choice means for password rotation.
 */
import type { DirectorySession } from './directory-session.js';

/** Infisical's provider names. */
export type DirectoryProvider = 'active-directory' | 'openldap';

const ACTIVE_DIRECTORY_CAPABILITY = '1.2.840.113556.1.4.800';

export interface ServerInfo {
  readonly provider: DirectoryProvider;
  readonly namingContexts: readonly string[];
  readonly supportedExtensions: readonly string[];
  /** vendorName and vendorVersion when the server publishes them. */
  readonly vendor?: string;
}

export async function readServerInfo(session: DirectorySession): Promise<ServerInfo> {
  const [entry] = await session.search({
    base: '',
    scope: 'base',
    filter: '(objectClass=*)',
    attributes: [
      'namingContexts',
      'supportedCapabilities',
      'supportedExtension',
      'vendorName',
      'vendorVersion',
    ],
    sizeLimit: 1,
  });
  const valuesOf = (name: string): string[] => {
    const key = Object.keys(entry?.attributes ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
    const raw = key === undefined ? undefined : entry!.attributes[key];
    if (raw === undefined) return [];
    return (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
  };
  const vendor = [...valuesOf('vendorName'), ...valuesOf('vendorVersion')].join(' ');
  return {
    provider: valuesOf('supportedCapabilities').includes(ACTIVE_DIRECTORY_CAPABILITY)
      ? 'active-directory'
      : 'openldap',
    namingContexts: valuesOf('namingContexts'),
    supportedExtensions: valuesOf('supportedExtension'),
    ...(vendor !== '' && { vendor }),
  };
}
