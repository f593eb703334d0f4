import { describe, expect, test } from 'vitest';
import { unicodePwdValue } from '../../../src/client/password-rotation.js';
import { passwordModifyRequestValue } from '../../../src/client/wire/password-modify-request.js';

describe('password values on the wire', () => {
  test('unicodePwd is the quoted password in UTF-16LE', () => {
    expect(unicodePwdValue('Pä1').toString('hex')).toBe('22005000e40031002200');
  });

  test('RFC 3062 request: SEQUENCE { [0] userIdentity, [2] newPasswd }', () => {
    expect(passwordModifyRequestValue('uid=a', 'pw').toString('hex')).toBe(
      '300b' + '8005' + '7569643d61' + '8202' + '7077',
    );
  });
});
