/** Simple binds: credentials, unauthenticated and anonymous binds, DN forms, ppolicy lockout. */
import { Control } from 'ldapts';
import type { Probe, ProbeContext } from '../probe.js';
import {
  ALICE,
  ALICE_PASSWORD,
  BASE,
  ESCAPED,
  ESCAPED_HEX,
  ESCAPED_PASSWORD,
  LOCKED,
  LOCKED_PASSWORD,
  PEOPLE,
  probeUser,
  ROOT_DN,
} from './fixture-names.js';

/** The ppolicy request control (no value); a fresh instance per request. */
function ppolicyControl(): Control {
  return new Control('1.3.6.1.4.1.42.2.27.8.5.1');
}

/** Reads the ppolicy state attributes of `dn` as the rootdn on a separate connection. */
async function observePolicyState(context: ProbeContext, label: string, dn: string): Promise<void> {
  const admin = await context.open(`${label}: connect`);
  await admin.bind(`${label}: rootdn bind`, ROOT_DN, context.target.rootPassword);
  await admin.search(label, {
    base: dn,
    scope: 'base',
    attributes: ['pwdFailureTime', 'pwdAccountLockedTime', 'pwdChangedTime', 'pwdLastSuccess'],
  });
}

function bindThenWhoAmI(name: string, dn: string, password: string, controls?: () => Control[]): Probe {
  return {
    name,
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind', dn, password, controls?.());
      await s.whoami('whoami after bind');
    },
  };
}

export const bindProbes: readonly Probe[] = [
  bindThenWhoAmI('bind: user with the right password', ALICE, ALICE_PASSWORD),
  bindThenWhoAmI('bind: user with the right password and the ppolicy control', ALICE, ALICE_PASSWORD, () => [
    ppolicyControl(),
  ]),
  {
    name: 'bind: user with a wrong password, failure recorded by ppolicy, cleared by a good bind',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('wrong password', ALICE, 'not-the-password', [ppolicyControl()]);
      await s.whoami('whoami after the failed bind');
      await observePolicyState(context, 'ppolicy state after one failure', ALICE);
      await s.bind('right password', ALICE, ALICE_PASSWORD);
      await observePolicyState(context, 'ppolicy state after a good bind', ALICE);
    },
  },
  bindThenWhoAmI('bind: DN with an empty password (unauthenticated bind)', ALICE, ''),
  bindThenWhoAmI('bind: unknown DN under the suffix', `uid=nobody,${PEOPLE}`, 'whatever'),
  bindThenWhoAmI('bind: DN outside every naming context', 'uid=alice,dc=elsewhere,dc=test', 'whatever'),
  bindThenWhoAmI('bind: entry without userPassword', `ou=people,${BASE}`, 'whatever'),
  bindThenWhoAmI('bind: empty DN with a password', '', 'whatever'),
  bindThenWhoAmI('bind: invalid DN syntax', 'not a dn', 'whatever'),
  bindThenWhoAmI('bind: anonymous (empty DN, empty password)', '', ''),
  bindThenWhoAmI('bind: rootdn', ROOT_DN, 'admin'),
  bindThenWhoAmI('bind: rootdn with a wrong password', ROOT_DN, 'not-admin'),
  bindThenWhoAmI(
    'bind: DN in another case and spacing',
    'UID=Alice, OU=People,DC=Example, DC=ORG',
    ALICE_PASSWORD,
  ),
  bindThenWhoAmI('bind: escaped DN as written in the fixture', ESCAPED, ESCAPED_PASSWORD),
  bindThenWhoAmI('bind: escaped DN in hex-escaped form', ESCAPED_HEX, ESCAPED_PASSWORD),
  bindThenWhoAmI('bind: ppolicy-locked user with its right password', LOCKED, LOCKED_PASSWORD, () => [
    ppolicyControl(),
  ]),
  {
    name: 'bind: a failed bind leaves the connection anonymous',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('good bind', ALICE, ALICE_PASSWORD);
      await s.whoami('whoami after the good bind');
      await s.bind('failed bind on the same connection', ALICE, 'wrong');
      await s.whoami('whoami after the failed bind');
      await s.bind('good bind again (clears the failure)', ALICE, ALICE_PASSWORD);
    },
  },
  {
    name: 'bind: ppolicy locks an account after 5 failures (pwdMaxFailure)',
    async run(context) {
      const user = probeUser('probe-lockout', 'lockout-password');
      const admin = await context.open('admin connect');
      await admin.bind('rootdn bind', ROOT_DN, context.target.rootPassword);
      await admin.add('add the probe user', user.dn, user.attributes);
      context.cleanup(async () => (await context.admin()).del('cleanup', user.dn));
      const s = await context.open('user connect');
      for (let attempt = 1; attempt <= 5; attempt++) {
        await s.bind(`wrong password #${attempt}`, user.dn, 'wrong-password', [ppolicyControl()]);
      }
      await s.bind('right password after 5 failures', user.dn, 'lockout-password', [ppolicyControl()]);
      await observePolicyState(context, 'ppolicy state when locked', user.dn);
    },
  },
];
