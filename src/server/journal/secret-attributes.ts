/**
 * Attributes whose values are credentials (or derived from them): the journal, the log and the
 * console show them only as `<redacted, N bytes>`, whichever profile stores them.
 */
const SECRET = new Set(
  [
    'userPassword',
    'authPassword',
    'unicodePwd',
    'clearTextPassword',
    'dBCSPwd',
    'ntPwdHistory',
    'lmPwdHistory',
    'supplementalCredentials',
    'sambaNTPassword',
    'sambaLMPassword',
    'pwdHistory',
  ].map((name) => name.toLowerCase()),
);

/** Whether an attribute description (`userPassword;binary`…) names a secret. */
export function isSecretAttribute(description: string): boolean {
  const semicolon = description.indexOf(';');
  return SECRET.has((semicolon < 0 ? description : description.slice(0, semicolon)).toLowerCase());
}

/** How a credential appears anywhere outside the server: its length only. */
export function redactedValue(value: string | Buffer): string {
  const bytes = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
  return bytes === 0 ? '<empty>' : `<redacted, ${bytes} bytes>`;
}
