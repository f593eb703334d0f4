/**
 * Simple binds against an AD DC: the three name forms (DN, UPN, NETBIOS\sam), wrong and empty
 * passwords, unknown names, and the account states whose reason is only in the `data NNN` part of
 * the diagnostic (disabled 533, expired 701, locked 775, must change 773).
 *
 * After each bind the probe reads the user's own entry: AD lets an unauthenticated connection read
 * the rootDSE only, so that search shows whether the connection is authenticated.
 * Wrong-password probes end with a good bind, which resets badPwdCount: the domain locks an
 * account after 5 failures, and later probes bind as the same users.
 */
import type { Probe, ProbeContext } from '../probe.js';
import type { ProbeSession } from '../probe-session.js';
import {
  type Account,
  ALICE,
  BASE,
  DISABLED,
  DNS_DOMAIN,
  EXPIRED,
  JSMITH,
  LOCKED,
  MUSTCHANGE,
  NETBIOS_DOMAIN,
  OBRIEN,
  SVC,
  USERS,
} from './fixture-names.js';

async function authenticated(session: ProbeSession, label: string, dn: string): Promise<void> {
  await session.search(label, { base: dn, scope: 'base', attributes: ['sAMAccountName'] });
}

function bindAs(name: string, bindName: string, password: string, readBack = ALICE.dn): Probe {
  return {
    name,
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind', bindName, password);
      await authenticated(s, 'read an entry after the bind', readBack);
    },
  };
}

/** A failed bind, then the good one that resets the account's bad-password count. */
function wrongThenRight(name: string, bindName: string, account: Account, wrong: string): Probe {
  return {
    name,
    async run(context: ProbeContext) {
      const s = await context.open('connect');
      await s.bind('bind with the wrong password', bindName, wrong);
      await authenticated(s, 'read an entry after the failed bind', account.dn);
      await s.bind('good bind (resets badPwdCount)', account.dn, account.password);
      await authenticated(s, 'read an entry after the good bind', account.dn);
    },
  };
}

export const bindProbes: readonly Probe[] = [
  bindAs('bind: alice by DN', ALICE.dn, ALICE.password),
  bindAs('bind: alice by UPN', ALICE.upn, ALICE.password),
  bindAs('bind: alice as NETBIOS\\sam', ALICE.nt4, ALICE.password),
  bindAs('bind: NETBIOS\\sam in other cases', `${NETBIOS_DOMAIN.toLowerCase()}\\ALICE`, ALICE.password),
  bindAs('bind: UPN in upper case', ALICE.upn.toUpperCase(), ALICE.password),
  bindAs('bind: DN in other case and spacing', `cn=ALICE, cn=users,${BASE.toLowerCase()}`, ALICE.password),
  bindAs('bind: bare sAMAccountName (not a bind name form)', ALICE.sam, ALICE.password),
  bindAs('bind: service account by UPN', SVC.upn, SVC.password, SVC.dn),
  bindAs('bind: DN with an escaped comma', JSMITH.dn, JSMITH.password, JSMITH.dn),
  bindAs('bind: DN with the comma hex-escaped', `CN=Smith\\2C John,${USERS}`, JSMITH.password, JSMITH.dn),
  bindAs('bind: UPN of the comma user', JSMITH.upn, JSMITH.password, JSMITH.dn),
  bindAs("bind: UPN with ' ( ) in the name", OBRIEN.upn, OBRIEN.password, OBRIEN.dn),
  bindAs("bind: NETBIOS\\sam with ' ( ) in the name", OBRIEN.nt4, OBRIEN.password, OBRIEN.dn),
  wrongThenRight('bind: wrong password by DN', ALICE.dn, ALICE, 'Wrong-Passw0rd!'),
  wrongThenRight('bind: wrong password by UPN', ALICE.upn, ALICE, 'Wrong-Passw0rd!'),
  wrongThenRight('bind: wrong password as NETBIOS\\sam', ALICE.nt4, ALICE, 'Wrong-Passw0rd!'),
  wrongThenRight('bind: DN with an empty password', ALICE.dn, ALICE, ''),
  wrongThenRight('bind: UPN with an empty password', ALICE.upn, ALICE, ''),
  wrongThenRight('bind: password in the wrong case', ALICE.upn, ALICE, ALICE.password.toLowerCase()),
  bindAs('bind: unknown UPN', `nobody@${DNS_DOMAIN}`, 'Whatever-1!'),
  bindAs('bind: unknown DN under CN=Users', `CN=nobody,${USERS}`, 'Whatever-1!'),
  bindAs('bind: DN outside every naming context', 'CN=alice,DC=elsewhere,DC=test', ALICE.password),
  bindAs('bind: unknown NETBIOS\\sam', `${NETBIOS_DOMAIN}\\nobody`, 'Whatever-1!'),
  bindAs('bind: sam under another NetBIOS domain', `OTHER\\${ALICE.sam}`, ALICE.password),
  bindAs('bind: UPN under another domain', `${ALICE.sam}@other.example.net`, ALICE.password),
  bindAs('bind: unknown name with an empty password', `nobody@${DNS_DOMAIN}`, ''),
  bindAs('bind: empty name with a password', '', 'Whatever-1!'),
  bindAs('bind: anonymous (empty name, empty password)', '', ''),
  bindAs('bind: disabled account, right password (data 533)', DISABLED.upn, DISABLED.password, DISABLED.dn),
  bindAs('bind: disabled account, wrong password', DISABLED.upn, 'Wrong-Passw0rd!', DISABLED.dn),
  bindAs('bind: expired account, right password (data 701)', EXPIRED.upn, EXPIRED.password, EXPIRED.dn),
  bindAs('bind: expired account, wrong password', EXPIRED.upn, 'Wrong-Passw0rd!', EXPIRED.dn),
  bindAs('bind: locked account, right password (data 775)', LOCKED.upn, LOCKED.password, LOCKED.dn),
  bindAs('bind: locked account, wrong password', LOCKED.upn, 'Wrong-Passw0rd!', LOCKED.dn),
  bindAs('bind: locked account by DN', LOCKED.dn, LOCKED.password, LOCKED.dn),
  bindAs(
    'bind: must-change account, right password (data 773)',
    MUSTCHANGE.upn,
    MUSTCHANGE.password,
    MUSTCHANGE.dn,
  ),
  bindAs('bind: must-change account by DN', MUSTCHANGE.dn, MUSTCHANGE.password, MUSTCHANGE.dn),
  bindAs('bind: must-change account, wrong password', MUSTCHANGE.upn, 'Wrong-Passw0rd!', MUSTCHANGE.dn),
  {
    name: 'bind: a failed bind leaves the connection unauthenticated',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('good bind', ALICE.upn, ALICE.password);
      await authenticated(s, 'read after the good bind', ALICE.dn);
      await s.bind('failed bind on the same connection', ALICE.upn, 'Wrong-Passw0rd!');
      await authenticated(s, 'read after the failed bind', ALICE.dn);
      await s.bind('good bind again (resets badPwdCount)', ALICE.upn, ALICE.password);
    },
  },
  {
    name: 'bind: lockout state attributes of the locked account',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind as Administrator', context.target.rootDN, context.target.rootPassword);
      await s.search('lockout attributes', {
        base: LOCKED.dn,
        scope: 'base',
        attributes: [
          'lockoutTime',
          'badPwdCount',
          'msDS-User-Account-Control-Computed',
          'msDS-ResultantPSO',
          'userAccountControl',
        ],
      });
    },
  },
  {
    name: 'bind: account state attributes (UAC, computed UAC, expiry)',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind as Administrator', context.target.rootDN, context.target.rootPassword);
      for (const account of [ALICE, SVC, DISABLED, EXPIRED, MUSTCHANGE]) {
        await s.search(`state of ${account.sam}`, {
          base: account.dn,
          scope: 'base',
          attributes: [
            'userAccountControl',
            'msDS-User-Account-Control-Computed',
            'msDS-UserPasswordExpiryTimeComputed',
            'accountExpires',
            'pwdLastSet',
            'lockoutTime',
          ],
        });
      }
    },
  },
];
