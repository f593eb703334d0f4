/**
 * LDAPS and StartTLS: a verified certificate or no login — never a silent fall back to plain
 * LDAP, never a host-name mismatch or an expired certificate accepted unless insecure_tls says so.
 */
import type { ProfileName, Scenario } from '../scenario.js';
import { ALL_PROFILES, DIRECTORY_OF, each, omit, only } from './directories.js';

const login = (profile: ProfileName) => {
  const { user, password } = DIRECTORY_OF[profile];
  return { kind: 'login', username: user, password } as const;
};
const ldaps = (profile: ProfileName) => ({
  ...DIRECTORY_OF[profile].config,
  url: '$LDAPS_URL',
  certificate: '$CA',
});
const startTls = (profile: ProfileName) => ({
  ...DIRECTORY_OF[profile].config,
  starttls: true,
  certificate: '$CA',
});
const success = (profile: ProfileName) => ({
  login: { userDN: DIRECTORY_OF[profile].userDN, groups: DIRECTORY_OF[profile].groups },
});

export const tls: Scenario[] = [
  ...each('tls', 'ldaps', ALL_PROFILES, (profile) => ({
    why: 'LDAPS with the CA given as `certificate` verifies the server and logs in (spring-boot#48060)',
    config: ldaps(profile),
    action: login(profile),
    expect: success(profile),
  })),
  ...each('tls', 'starttls', ALL_PROFILES, (profile) => ({
    why: 'StartTLS upgrades ldap:// before the password is sent; the host name checked is the URL’s (RocketChat#2035)',
    config: startTls(profile),
    action: login(profile),
    expect: success(profile),
    journal: [{ kind: 'no-password-in-clear' }],
  })),
  ...each('tls', 'ldaps-untrusted-ca', ALL_PROFILES, (profile) => ({
    why: 'a CA that did not sign the server certificate must fail verification: no login',
    config: { ...ldaps(profile), certificate: '$OTHER_CA' },
    action: login(profile),
    expect: { error: 'unavailable' },
  })),
  only('tls', 'ldaps-system-trust-only', 'openldap', {
    why: 'without `certificate` only the system trust store applies, which does not know a private CA',
    config: omit(ldaps('openldap'), 'certificate'),
    action: login('openldap'),
    expect: { error: 'unavailable' },
  }),
  ...each('tls', 'starttls-untrusted-ca', ALL_PROFILES, (profile) => ({
    why: 'a failed StartTLS verification must end the attempt, not continue in clear text (no downgrade)',
    config: { ...startTls(profile), certificate: '$OTHER_CA' },
    action: login(profile),
    expect: { error: 'unavailable' },
    journal: [{ kind: 'no-password-in-clear' }],
  })),
  ...each('tls', 'wrong-host-certificate', ALL_PROFILES, (profile) => ({
    why: 'a certificate for another host name must be refused (RocketChat#2256: servername not passed)',
    faults: { certificate: 'wrongHost' },
    config: ldaps(profile),
    action: login(profile),
    expect: { error: 'unavailable' },
  })),
  only('tls', 'expired-certificate', 'openldap', {
    why: 'an expired server certificate must be refused over LDAPS',
    faults: { certificate: 'expired' },
    config: ldaps('openldap'),
    action: login('openldap'),
    expect: { error: 'unavailable' },
  }),
  only('tls', 'starttls-expired-certificate', 'openldap', {
    why: 'an expired certificate offered after StartTLS must end the attempt, not fall back to plain LDAP',
    faults: { certificate: 'expired' },
    config: startTls('openldap'),
    action: login('openldap'),
    expect: { error: 'unavailable' },
    journal: [{ kind: 'no-password-in-clear' }],
  }),
  only('tls', 'insecure-tls-accepts-wrong-host', 'openldap', {
    why: 'insecure_tls skips verification, as the operator asked (OpenBao insecure_tls)',
    faults: { certificate: 'wrongHost' },
    config: { ...omit(ldaps('openldap'), 'certificate'), insecure_tls: true },
    action: login('openldap'),
    expect: success('openldap'),
  }),
  only('tls', 'starttls-ignored-on-ldaps', 'openldap', {
    why: 'starttls with an ldaps:// URL is already encrypted; OpenBao does not attempt StartTLS over TLS',
    config: { ...ldaps('openldap'), starttls: true },
    action: login('openldap'),
    expect: success('openldap'),
  }),
  only('tls', 'tls13-only', 'openldap', {
    why: 'tls_min_version and tls_max_version tls13 negotiate TLS 1.3 with a server that offers it',
    config: { ...ldaps('openldap'), tls_min_version: 'tls13', tls_max_version: 'tls13' },
    action: login('openldap'),
    expect: success('openldap'),
  }),
];
