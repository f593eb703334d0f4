/** The profile's storage knobs as the directory's StorageRules. */

import { BoundedMemo } from '../../core/bounded-memo.js';
import { formatDN } from '../../core/dn-format.js';
import { parseDN, type RDN } from '../../core/dn-parse.js';
import { SyntaxOid } from '../../core/syntaxes.js';
import { hashPassword, isHashed } from '../accounts/user-password.js';
import type { StorageRules } from '../directory/storage-rules.js';
import type { Profile } from '../profiles/profile.js';

export function storageRules(profile: Profile): StorageRules {
  const dn = (value: string, parsed?: readonly RDN[]): string => {
    try {
      return formatDN(parsed ?? parseDN(value), profile.dnStyle);
    } catch {
      return value;
    }
  };
  // DN values repeat (every entry of a load names its creator, groups name the same members).
  const dnValues = new BoundedMemo<string>(4096);
  const writes = profile.writes;
  return {
    ...(writes && {
      exactDuplicates: (type) => writes.exactDuplicateSyntaxes.includes(type.syntax ?? ''),
      singleValueFirst: writes.singleValueFirst,
      ...(writes.principalSingleValued && {
        singleValued: (type, attributes) =>
          writes.principalSingleValued!.includes(type.name.toLowerCase()) && attributes.has('samaccounttype'),
      }),
    }),
    dn,
    value: (type, value) => {
      if (type.syntax === SyntaxOid.distinguishedName)
        return dnValues.get(typeof value === 'string' ? value : value.toString('utf8'), (text) => dn(text));
      if (profile.hashCleartextPasswords && type.key === 'userpassword' && !isHashed(value)) {
        return hashPassword(value);
      }
      return value;
    },
  };
}
