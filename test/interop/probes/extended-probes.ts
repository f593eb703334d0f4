/** Extended operations: WhoAmI, Password Modify with ppolicy quality checks, unknown OIDs. */
import { Control } from 'ldapts';
import type { Probe, ProbeContext } from '../probe.js';
import { WHOAMI_OID } from '../probe-session.js';
import { ALICE, ALICE_PASSWORD, ESCAPED, ESCAPED_PASSWORD, probeUser, ROOT_DN } from './fixture-names.js';

const ppolicyControl = (): Control => new Control('1.3.6.1.4.1.42.2.27.8.5.1');

/** Adds a user with `password` as rootdn (recorded) and deletes it after the probe. */
async function addUser(context: ProbeContext, uid: string, password: string): Promise<string> {
  const user = probeUser(uid, password);
  const admin = await context.open('admin connect');
  await admin.bind('rootdn bind', ROOT_DN, context.target.rootPassword);
  await admin.add('add the probe user', user.dn, user.attributes);
  context.cleanup(async () => (await context.admin()).del('cleanup', user.dn));
  return user.dn;
}

export const extendedProbes: readonly Probe[] = [
  {
    name: 'whoami: anonymous, user, rootdn, escaped DN',
    async run(context) {
      const s = await context.open('connect');
      await s.whoami('anonymous');
      await s.bind('bind alice', ALICE, ALICE_PASSWORD);
      await s.whoami('alice');
      await s.bind('bind rootdn', ROOT_DN, context.target.rootPassword);
      await s.whoami('rootdn');
      await s.bind('bind escaped', ESCAPED, ESCAPED_PASSWORD);
      await s.whoami('escaped user');
    },
  },
  {
    name: 'whoami: request with a value',
    async run(context) {
      const s = await context.open('connect');
      await s.extended('whoami with a value', WHOAMI_OID, Buffer.from('x'));
    },
  },
  {
    name: 'extended: unknown OID',
    async run(context) {
      const s = await context.open('connect');
      await s.extended('unknown extended operation', '1.2.3.4.5.6.7.8.9');
    },
  },
  {
    name: 'password modify: self change with the old password, then bind with old and new',
    async run(context) {
      const dn = await addUser(context, 'probe-passwd-self', 'original-password');
      const s = await context.open('user connect');
      await s.bind('bind with the original password', dn, 'original-password');
      await s.passwordModify('change own password', {
        oldPassword: 'original-password',
        newPassword: 'changed-password',
      });
      const check = await context.open('check connect');
      await check.bind('bind with the old password', dn, 'original-password');
      await check.bind('bind with the new password', dn, 'changed-password');
      await check.search('pwdChangedTime set', { base: dn, scope: 'base', attributes: ['pwdChangedTime'] });
    },
  },
  {
    name: 'password modify: new password too short (ppolicy quality)',
    async run(context) {
      const dn = await addUser(context, 'probe-passwd-short', 'original-password');
      const s = await context.open('user connect');
      await s.bind('bind', dn, 'original-password');
      await s.passwordModify('too short, no control', {
        oldPassword: 'original-password',
        newPassword: 'short',
      });
      await s.passwordModify(
        'too short, ppolicy control',
        { oldPassword: 'original-password', newPassword: 'short' },
        [ppolicyControl()],
      );
    },
  },
  {
    name: 'password modify: wrong old password',
    async run(context) {
      const dn = await addUser(context, 'probe-passwd-wrong', 'original-password');
      const s = await context.open('user connect');
      await s.bind('bind', dn, 'original-password');
      await s.passwordModify('wrong old password', {
        oldPassword: 'not-the-password',
        newPassword: 'changed-password',
      });
    },
  },
  {
    name: 'password modify: anonymous',
    async run(context) {
      const s = await context.open('connect');
      await s.passwordModify('anonymous change', { userIdentity: ALICE, newPassword: 'changed-password' });
    },
  },
  {
    name: 'password modify: generated password (no newPasswd)',
    async run(context) {
      const dn = await addUser(context, 'probe-passwd-gen', 'original-password');
      const s = await context.open('user connect');
      await s.bind('bind', dn, 'original-password');
      await s.passwordModify('generate', { oldPassword: 'original-password' });
      const check = await context.open('check connect');
      await check.bind('old password no longer works', dn, 'original-password');
    },
  },
  {
    // slapo-ppolicy exempts the rootdn: `ldappasswd -D cn=admin… -s abc uid=…` succeeds on slapd.
    name: 'password modify: rootdn sets a password the quality policy refuses a user',
    async run(context) {
      const dn = await addUser(context, 'probe-passwd-root-short', 'original-password');
      const s = await context.open('root connect');
      await s.bind('bind rootdn', ROOT_DN, context.target.rootPassword);
      await s.passwordModify('too short, no control', { userIdentity: dn, newPassword: 'abc' });
      await s.passwordModify('too short, ppolicy control', { userIdentity: dn, newPassword: 'xyz' }, [
        ppolicyControl(),
      ]);
      const check = await context.open('check connect');
      await check.bind('bind with the short password', dn, 'xyz');
      await check.search('pwdChangedTime set', { base: dn, scope: 'base', attributes: ['pwdChangedTime'] });
      await check.passwordModify('the user sets a short one: refused', {
        oldPassword: 'xyz',
        newPassword: 'abc',
      });
    },
  },
  {
    name: 'password modify: rootdn resets another user by userIdentity',
    async run(context) {
      const dn = await addUser(context, 'probe-passwd-reset', 'original-password');
      const s = await context.open('root connect');
      await s.bind('bind rootdn', ROOT_DN, context.target.rootPassword);
      await s.passwordModify('reset', { userIdentity: dn, newPassword: 'reset-password' });
      await s.passwordModify('reset a missing user', {
        userIdentity: 'uid=nobody,ou=people,dc=example,dc=org',
        newPassword: 'reset-password',
      });
      const check = await context.open('check connect');
      await check.bind('bind with the reset password', dn, 'reset-password');
    },
  },
];
