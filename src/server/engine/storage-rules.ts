/** The profile's storage knobs as the directory's StorageRules. */
import { formatDN, parseDN } from '../../core/dn.js';
import { hashPassword, isHashed } from '../accounts/user-password.js';
import type { StorageRules } from '../directory/directory.js';
import type { Profile } from '../profiles/profile.js';

const dnSyntax = '1.3.6.1.4.1.1466.115.121.1.12';

export function storageRules(profile: Profile): StorageRules {
  const dn = (value: string): string => {
    try {
      return formatDN(parseDN(value), profile.dnStyle);
    } catch {
      return value;
    }
  };
  return {
    dn,
    value: (type, value) => {
      if (type.syntax === dnSyntax) return dn(typeof value === 'string' ? value : value.toString('utf8'));
      if (profile.hashCleartextPasswords && type.name.toLowerCase() === 'userpassword' && !isHashed(value)) {
        return hashPassword(value);
      }
      return value;
    },
  };
}
