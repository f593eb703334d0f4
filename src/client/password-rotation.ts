/**
 * Infisical's password rotation: set a user's password as the bound account.
 *
 * - Active Directory: replace `unicodePwd` with the password in double quotes, UTF-16LE (an
 *   administrative reset; AD takes it only over an encrypted connection).
 * - OpenLDAP and other RFC directories: the Password Modify extended operation (RFC 3062), so
 *   the server hashes the password by its own policy instead of storing what we send.
 */
import { Attribute, Change } from 'ldapts';
import { ExtendedOid } from '../core/extended-operations.js';
import type { DirectorySession } from './directory-session.js';
import type { DirectoryProvider } from './server-info.js';
import { passwordModifyRequestValue } from './wire/password-modify-request.js';

/** AD's unicodePwd value: the quoted password, UTF-16LE. */
export function unicodePwdValue(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

export async function setPassword(
  session: DirectorySession,
  provider: DirectoryProvider,
  userDN: string,
  newPassword: string,
): Promise<void> {
  if (provider === 'active-directory') {
    const modification = new Attribute({ type: 'unicodePwd', values: [unicodePwdValue(newPassword)] });
    await session.modify(userDN, [new Change({ operation: 'replace', modification })]);
  } else {
    await session.exop(ExtendedOid.passwordModify, passwordModifyRequestValue(userDN, newPassword));
  }
}
