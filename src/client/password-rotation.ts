/**
 * Infisical's password rotation: set a user's password as the bound account.
 *
 * - Active Directory: replace `unicodePwd` with the password in double quotes, UTF-16LE (an
 *   administrative reset; AD takes it only over an encrypted connection).
 * - OpenLDAP and other RFC directories: the Password Modify extended operation (RFC 3062), so
 *   the server hashes the password by its own policy instead of storing what we send.
 */
import { Attribute, BerWriter, Change } from 'ldapts';
import type { DirectorySession } from './directory-session.js';
import { type DirectoryProvider, PASSWORD_MODIFY_OID } from './server-info.js';

/** AD's unicodePwd value: the quoted password, UTF-16LE. */
export function unicodePwdValue(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

/** RFC 3062 PasswdModifyRequestValue: SEQUENCE { [0] userIdentity, [2] newPasswd }. */
export function passwordModifyRequestValue(userDN: string, newPassword: string): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeString(userDN, 0x80);
  writer.writeString(newPassword, 0x82);
  writer.endSequence();
  return writer.buffer;
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
    await session.exop(PASSWORD_MODIFY_OID, passwordModifyRequestValue(userDN, newPassword));
  }
}
