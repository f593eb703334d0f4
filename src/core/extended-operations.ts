/**
 * The extended operations both sides speak: their OIDs, and the context tags of RFC 3062's
 * Password Modify values (the server decodes the request and encodes the response; the client
 * encodes the request).
 */
export const ExtendedOid = {
  startTls: '1.3.6.1.4.1.1466.20037',
  passwordModify: '1.3.6.1.4.1.4203.1.11.1',
  whoAmI: '1.3.6.1.4.1.4203.1.11.3',
  cancel: '1.3.6.1.1.8',
} as const;

/** PasswdModifyRequestValue's fields; the response's genPasswd is [0] as well. */
export const PasswordModifyTag = {
  userIdentity: 0x80,
  oldPassword: 0x81,
  newPassword: 0x82,
  generatedPassword: 0x80,
} as const;
