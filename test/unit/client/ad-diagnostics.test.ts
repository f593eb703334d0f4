import { describe, expect, it } from 'vitest';
import { isAdAccountState, parseAdDiagnostic } from '../../../src/client/ad-diagnostics.js';

const bindText = (data: string) =>
  `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563\u0000`;

describe('parseAdDiagnostic', () => {
  it('decodes every documented bind data code (research/server-anchors.md §B)', () => {
    const table: [string, string, number][] = [
      ['525', 'userNotFound', 1317],
      ['52e', 'invalidCredentials', 1326],
      ['530', 'invalidLogonHours', 1328],
      ['531', 'invalidWorkstation', 1329],
      ['532', 'passwordExpired', 1330],
      ['533', 'accountDisabled', 1331],
      ['701', 'accountExpired', 1793],
      ['773', 'passwordMustChange', 1907],
      ['775', 'accountLocked', 1909],
    ];
    for (const [data, reason, win32] of table) {
      expect(parseAdDiagnostic(bindText(data)), data).toEqual({ data, reason, errorCode: '80090308', win32 });
    }
  });

  it("tolerates ldapts' Code suffix after the NUL", () => {
    expect(parseAdDiagnostic(`${bindText('775')} Code: 0x31`)?.reason).toBe('accountLocked');
  });

  it('is case-insensitive and lower-cases the data code', () => {
    const text = '80090308: LDAPERR: DSID-0C09044E, COMMENT: AcceptSecurityContext error, DATA 52E, V4563';
    expect(parseAdDiagnostic(text)).toEqual({
      data: '52e',
      reason: 'invalidCredentials',
      errorCode: '80090308',
      win32: 0x52e,
    });
  });

  it('reads other prefixes and builds (8009030C, v893)', () => {
    const text = '8009030c: LdapErr: DSID-0C0904DC, comment: AcceptSecurityContext error, data 533, v893';
    expect(parseAdDiagnostic(text)).toMatchObject({
      data: '533',
      reason: 'accountDisabled',
      errorCode: '8009030C',
    });
  });

  it('gives reason unknown for AD texts with other data codes', () => {
    const unbound =
      '000004DC: LdapErr: DSID-0C090A5A, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v4f7c\u0000';
    expect(parseAdDiagnostic(unbound)).toEqual({
      data: '0',
      reason: 'unknown',
      errorCode: '000004DC',
      win32: 0,
    });
    const missing =
      "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'dc=example,dc=com'\n\u0000";
    expect(parseAdDiagnostic(missing)?.errorCode).toBe('0000208D');
  });

  it('returns undefined for texts that are not AD diagnostics', () => {
    for (const text of [
      '',
      'Invalid credentials',
      'invalid credentials data 775',
      'LDAP Result Code 49 "Invalid Credentials": ',
      ' Code: 0x31',
      '80090308 LdapErr data 775',
      '80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, v4563',
    ]) {
      expect(parseAdDiagnostic(text), text).toBeUndefined();
    }
  });

  it('does not take "data" inside another word', () => {
    const text = '80090308: LdapErr: DSID-0C09044E, comment: metadata 775, v4563';
    expect(parseAdDiagnostic(text)).toBeUndefined();
  });

  it('stays fast on long hostile input', () => {
    const text = `${'0'.repeat(200_000)}: LdapErr: ${'data '.repeat(50_000)}`;
    const started = performance.now();
    expect(parseAdDiagnostic(text)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('isAdAccountState', () => {
  it('is true for account states and false for credential reasons', () => {
    for (const r of [
      'accountLocked',
      'accountDisabled',
      'accountExpired',
      'passwordExpired',
      'passwordMustChange',
      'invalidLogonHours',
      'invalidWorkstation',
    ] as const) {
      expect(isAdAccountState(r), r).toBe(true);
    }
    for (const r of ['invalidCredentials', 'userNotFound', 'unknown'] as const) {
      expect(isAdAccountState(r), r).toBe(false);
    }
  });
});
