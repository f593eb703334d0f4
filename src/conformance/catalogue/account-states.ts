/**
 * Every AD account state behind a failed bind — 52e, 525, 530, 531, 532, 533, 701, 773, 775 —
 * and OpenLDAP's ppolicy lock. Each is a refusal (never a login, never "server error"); an
 * authenticator that can tell them apart reports which (ldap3#397, Adldap2-Laravel#304).
 * 525, 530 and 531 come from a canned bind answer with the emulated server's exact text: the
 * fixture has no account in those states.
 */
import { ResultCode } from '../../core/result-code.js';
import type { ProfileName, Scenario } from '../scenario.js';
import { AD, AD_PROFILES, adSearch, adUpn, each, OPENLDAP, only, openldapSearch } from './directories.js';

/** The diagnostic each server sends with 49 for an AD `data` code. */
const BIND_FAILURE_TEXT: Record<'ad' | 'samba', (data: string) => string> = {
  ad: (data) =>
    `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563\u0000`,
  samba: (data) =>
    `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${data}, v1db1`,
};

const cannedBindFailure = (profile: ProfileName, name: string, data: string) => ({
  bindFailure: {
    name,
    code: ResultCode.invalidCredentials,
    diagnosticMessage: BIND_FAILURE_TEXT[profile as 'ad' | 'samba'](data),
  },
});

/** The domain's maximum password age set to one day: alice's password (set 2025-01-06) has expired. */
const ONE_DAY_MAX_PASSWORD_AGE = `
dn: DC=corp,DC=example,DC=com
changetype: modify
replace: maxPwdAge
maxPwdAge: -864000000000
-
`;

const loginAs = (username: string, password: string) => ({ kind: 'login', username, password }) as const;

export const accountStates: Scenario[] = [
  ...each('account-states', 'wrong-password-52e', AD_PROFILES, () => ({
    why: 'data 52e: a wrong password is a plain refusal',
    config: adSearch,
    action: loginAs('alice', 'Wrong-Passw0rd!'),
    expect: { error: 'denied' },
  })),
  ...each('account-states', 'no-such-user-525', AD_PROFILES, (profile) => ({
    why: 'data 525 (user not found, older DCs) is a refusal like 52e, not an error to show',
    faults: cannedBindFailure(profile, `ghost@${AD.domain}`, '525'),
    config: adUpn,
    action: loginAs('ghost', 'Ghost-Passw0rd!'),
    expect: { error: 'denied' },
  })),
  ...each('account-states', 'logon-hours-530', AD_PROFILES, (profile) => ({
    why: 'data 530: outside the account’s logon hours (passport-ldapauth maps it; most libraries say "invalid credentials")',
    faults: cannedBindFailure(profile, AD.alice, '530'),
    config: adSearch,
    action: loginAs('alice', AD.alicePassword),
    expect: { error: 'logon-hours' },
  })),
  ...each('account-states', 'workstation-531', AD_PROFILES, (profile) => ({
    why: 'data 531: not permitted from this workstation',
    faults: cannedBindFailure(profile, AD.alice, '531'),
    config: adSearch,
    action: loginAs('alice', AD.alicePassword),
    expect: { error: 'workstation' },
  })),
  ...each('account-states', 'password-expired-532', AD_PROFILES, () => ({
    why: 'data 532: the password is older than maxPwdAge; the user must be told to change it, not that it is wrong',
    fixture: ONE_DAY_MAX_PASSWORD_AGE,
    config: adSearch,
    action: loginAs('alice', AD.alicePassword),
    expect: { error: 'password-expired' },
  })),
  ...each('account-states', 'disabled-533', AD_PROFILES, () => ({
    why: 'data 533: a disabled account (userAccountControl ACCOUNTDISABLE) never logs in',
    config: adSearch,
    action: loginAs('disabled', AD.disabledPassword),
    expect: { error: 'account-disabled' },
  })),
  ...each('account-states', 'disabled-wrong-password', AD_PROFILES, () => ({
    why: 'with a wrong password AD answers 52e for a disabled account: the state is not revealed',
    config: adSearch,
    action: loginAs('disabled', 'Wrong-Passw0rd!'),
    expect: { error: 'denied' },
  })),
  ...each('account-states', 'account-expired-701', AD_PROFILES, () => ({
    why: 'data 701: accountExpires has passed',
    config: adSearch,
    action: loginAs('expired', AD.expiredPassword),
    expect: { error: 'account-expired' },
  })),
  ...each('account-states', 'must-change-773', AD_PROFILES, () => ({
    why: 'data 773: pwdLastSet = 0 (must change at next logon) refuses the bind, on Windows and on Samba 4.17 alike (netbox#5170)',
    config: adSearch,
    action: loginAs('mustchange', AD.mustChangePassword),
    expect: { error: 'password-must-change' },
  })),
  ...each('account-states', 'locked-775', AD_PROFILES, () => ({
    why: 'data 775: a locked-out account refuses even the right password',
    config: adSearch,
    action: loginAs('locked', AD.lockedPassword),
    expect: { error: 'account-locked' },
  })),
  ...each('account-states', 'locked-wrong-password-775', AD_PROFILES, () => ({
    why: 'AD reports 775 for a locked account whatever the password, so the state shows with a wrong one too',
    config: adSearch,
    action: loginAs('locked', 'Wrong-Passw0rd!'),
    expect: { error: 'account-locked' },
  })),
  ...each('account-states', 'upn-bind-disabled', AD_PROFILES, () => ({
    why: 'the account state is reported the same way when the user binds by UPN',
    config: adUpn,
    action: loginAs('disabled', AD.disabledPassword),
    expect: { error: 'account-disabled' },
  })),
  only('account-states', 'ppolicy-locked', 'openldap', {
    why: 'slapd answers a ppolicy-locked account with a bare 49: refused like a wrong password',
    config: openldapSearch,
    action: loginAs('locked', OPENLDAP.lockedPassword),
    expect: { error: ['denied', 'account-locked'] },
  }),
];
