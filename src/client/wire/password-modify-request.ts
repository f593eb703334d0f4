/**
 * The request value of the Password Modify extended operation, which ldapts has no builder for.
 * With the byte-exact filter beside it, the only BER the client writes itself.
 */
import { BerWriter } from 'ldapts';
import { PasswordModifyTag } from '../../core/extended-operations.js';

/** RFC 3062 PasswdModifyRequestValue: SEQUENCE { [0] userIdentity, [2] newPasswd }. */
export function passwordModifyRequestValue(userDN: string, newPassword: string): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeString(userDN, PasswordModifyTag.userIdentity);
  writer.writeString(newPassword, PasswordModifyTag.newPassword);
  writer.endSequence();
  return writer.buffer;
}
