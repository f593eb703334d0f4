/**
 * Password rotation (Infisical): AD's unicodePwd or OpenLDAP's Password Modify, as the bound
 * service account — and never over a connection without TLS, where the password would cross
 * the network in clear (AD answers 53 00002077; Samba 4.17 would even accept it).
 */
import type { Scenario } from '../scenario.js';
import { AD, AD_PROFILES, adSearch, each, OPENLDAP, only, openldapSearch } from './directories.js';

const adAdmin = { ...adSearch, binddn: AD.administrator, bindpass: AD.administratorPassword };

export const rotation: Scenario[] = [
  only('rotation', 'openldap-ldaps', 'openldap', {
    why: 'the Password Modify extended operation over LDAPS sets the new password; the new one binds',
    config: { ...openldapSearch, url: '$LDAPS_URL', certificate: '$CA' },
    action: { kind: 'rotatePassword', username: 'bob', newPassword: 'Rotated-password-1' },
    expect: { rotated: { dn: OPENLDAP.bob } },
  }),
  only('rotation', 'openldap-starttls', 'openldap', {
    why: 'StartTLS counts as encrypted: rotation proceeds',
    config: { ...openldapSearch, starttls: true, certificate: '$CA' },
    action: { kind: 'rotatePassword', username: 'bob', newPassword: 'Rotated-password-2' },
    expect: { rotated: { dn: OPENLDAP.bob } },
  }),
  only('rotation', 'openldap-plain-refused', 'openldap', {
    why: 'on plain ldap:// the new password would travel in clear: refused before it is sent',
    config: openldapSearch,
    action: { kind: 'rotatePassword', username: 'bob', newPassword: 'Rotated-password-3' },
    expect: { error: 'insecure-connection' },
  }),
  only('rotation', 'unknown-user', 'openldap', {
    why: 'rotating the password of a user who does not exist is an error naming that, not a silent success',
    config: { ...openldapSearch, url: '$LDAPS_URL', certificate: '$CA' },
    action: { kind: 'rotatePassword', username: 'nobody', newPassword: 'Rotated-password-4' },
    expect: { error: 'user-not-found' },
  }),
  ...each('rotation', 'ad-ldaps', AD_PROFILES, () => ({
    why: 'unicodePwd (quoted UTF-16LE) replaced over LDAPS by an administrator; the new password binds',
    config: { ...adAdmin, url: '$LDAPS_URL', certificate: '$CA' },
    action: { kind: 'rotatePassword', username: 'bob', newPassword: 'Rotated-Passw0rd!' },
    expect: { rotated: { dn: AD.bob } },
  })),
  ...each('rotation', 'ad-plain-refused', AD_PROFILES, () => ({
    why: 'AD takes unicodePwd only over TLS (53 00002077) and Samba takes it in clear: the client must refuse first',
    config: adAdmin,
    action: { kind: 'rotatePassword', username: 'bob', newPassword: 'Rotated-Passw0rd!' },
    expect: { error: 'insecure-connection' },
  })),
  ...each('rotation', 'ad-too-short', AD_PROFILES, () => ({
    why: 'a new password below the domain’s minimum length is refused by the DC and reported as such',
    config: { ...adAdmin, url: '$LDAPS_URL', certificate: '$CA' },
    action: { kind: 'rotatePassword', username: 'bob', newPassword: 'Ab1!' },
    expect: { error: 'password-rejected' },
  })),
];
