/**
 * A Samba 4.17 AD DC: the `ad` profile with the differences the real one shows (held to it by
 * test/interop/differential-samba.test.ts). Each override names what Samba does differently.
 */

import { adProfile } from './ad.js';
import { AdAccounts, type AdAccountTexts } from './ad-accounts.js';
import type { Profile, Refusal } from './profile.js';

const sambaBindFailure = (data: string) =>
  `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${data}, v1db1\u0000`;

const sambaAccountTexts: AdAccountTexts = {
  bindFailure: sambaBindFailure,
  wrongOldPassword: {
    code: 19,
    message:
      '00000056: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 7 characters!\u0000',
  },
  passwordRejected: (problem, minLength) => ({
    code: 19,
    message:
      problem === 'tooShort'
        ? `0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than ${minLength} characters!\u0000`
        : problem === 'notComplex'
          ? '0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity criteria!\u0000'
          : '0000052D: Constraint violation - check_password_restrictions: the password was already used (in history)!\u0000',
  }),
  resetNotAllowed: { code: 50, message: '00002098: Insufficient access rights\u0000' },
  malformedPassword: {
    code: 53,
    message: '0000001F: Password modification requires a quoted UTF-16 value\u0000',
  },
};

const unbound: Refusal = { code: 1, message: '00002020: Operation unavailable without authentication\u0000' };

export const sambaProfile: Profile = {
  ...adProfile,
  name: 'samba',
  accounts: ({ directory, now, baseDN }) =>
    new AdAccounts(directory, baseDN, now, {
      texts: sambaAccountTexts,
      unknownUserData: '52e',
      // Samba 4.17 lets an account with pwdLastSet = 0 bind (Windows: data 773).
      mustChangeBinds: true,
      // Samba 4.17 accepts unicodePwd over plain LDAP.
    }),
  bind: {
    ...adProfile.bind,
    // Samba refuses a name with an empty password instead of binding anonymously.
    unauthenticated: { code: 49, message: sambaBindFailure('52e') },
    anonymousWithPassword: { code: 49, message: sambaBindFailure('52e') },
    invalidName: { code: 49, message: sambaBindFailure('52e') },
  },
  anonymousOperations: unbound,
  errors: { ...adProfile.errors, anonymousWrite: unbound },
  // Samba does not enforce MaxPageSize: an unpaged search returns everything.
  sizeLimit: 0,
  maxPageSize: 0,
  // Samba does not implement Who Am I.
  whoAmI: 'unsupported',
  rootDSE: {
    ...adProfile.rootDSE,
    supportedExtension: adProfile.rootDSE.supportedExtension.filter(
      (oid) => oid !== '1.3.6.1.4.1.4203.1.11.3',
    ),
  },
};
