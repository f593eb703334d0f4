/**
 * Passwords the AD way: unicodePwd (the password in double quotes, UTF-16LE) set on add, changed
 * by its user (delete the old value + add the new one in one modify) and reset by an administrator
 * (replace), over LDAPS, StartTLS and plain LDAP; policy failures (wrong old password, too short,
 * not complex, in history). Every probe works on a user of its own, deleted afterwards.
 */
import { unicodePwd } from '../../../scripts/gen-ad-fixture.js';
import type { Probe, ProbeContext } from '../probe.js';
import type { ProbeSession } from '../probe-session.js';
import { DNS_DOMAIN, USERS } from './fixture-names.js';

interface ProbeUser {
  readonly dn: string;
  readonly upn: string;
  readonly password: string;
}

const FIRST_PASSWORD = 'First-Passw0rd!';
const SECOND_PASSWORD = 'Second-Passw0rd!';

type Transport = 'ldaps' | 'starttls' | 'plain';

async function connect(context: ProbeContext, label: string, transport: Transport): Promise<ProbeSession> {
  const s = await context.open(label, { ldaps: transport === 'ldaps' });
  if (transport === 'starttls') await s.startTls(`${label}: StartTLS`);
  return s;
}

async function asAdministrator(context: ProbeContext, transport: Transport): Promise<ProbeSession> {
  const s = await connect(context, `administrator connect (${transport})`, transport);
  await s.bind('bind as Administrator', context.target.rootDN, context.target.rootPassword);
  return s;
}

/** Adds `CN=<sam>,CN=Users` with unicodePwd on add, as the Administrator; deleted after the probe. */
async function addUser(
  context: ProbeContext,
  sam: string,
  transport: Transport = 'ldaps',
  password = FIRST_PASSWORD,
): Promise<ProbeUser> {
  const user = { dn: `CN=${sam},${USERS}`, upn: `${sam}@${DNS_DOMAIN}`, password };
  context.cleanup(async () => (await context.admin()).del('cleanup', user.dn));
  const admin = await asAdministrator(context, transport);
  await admin.add(`add ${sam} with unicodePwd over ${transport}`, user.dn, {
    objectClass: 'user',
    sAMAccountName: sam,
    userPrincipalName: user.upn,
    userAccountControl: '512',
    unicodePwd: unicodePwd(password),
  });
  await admin.search('the new user', {
    base: user.dn,
    scope: 'base',
    attributes: ['userAccountControl', 'pwdLastSet', 'unicodePwd', 'primaryGroupID', 'memberOf'],
  });
  return user;
}

async function tryBind(context: ProbeContext, label: string, upn: string, password: string): Promise<void> {
  const s = await context.open(`${label}: connect`);
  await s.bind(label, upn, password);
}

function change(old: string, next: string) {
  return [
    { operation: 'delete' as const, type: 'unicodePwd', values: [unicodePwd(old)] },
    { operation: 'add' as const, type: 'unicodePwd', values: [unicodePwd(next)] },
  ];
}

function reset(next: string) {
  return [{ operation: 'replace' as const, type: 'unicodePwd', values: [unicodePwd(next)] }];
}

/**
 * The user changes its own password over `transport`; then both passwords are tried (Samba keeps
 * accepting the previous one for a while: its "old password allowed period", 60 minutes).
 */
function selfChange(name: string, sam: string, transport: Transport): Probe {
  return {
    name,
    async run(context) {
      const user = await addUser(context, sam);
      await tryBind(context, 'bind with the first password', user.upn, FIRST_PASSWORD);
      const s = await connect(context, 'user connect', transport);
      await s.bind('bind as the user', user.upn, FIRST_PASSWORD);
      await s.modify(
        'change unicodePwd (delete old, add new)',
        user.dn,
        change(FIRST_PASSWORD, SECOND_PASSWORD),
      );
      await tryBind(context, 'bind with the new password', user.upn, SECOND_PASSWORD);
      await tryBind(context, 'bind with the old password', user.upn, FIRST_PASSWORD);
    },
  };
}

/** A change the policy refuses: `old` is offered as the current password, `next` as the new one. */
function refusedChange(name: string, sam: string, old: string, next: string, history = false): Probe {
  return {
    name,
    async run(context) {
      const user = await addUser(context, sam);
      const s = await connect(context, 'user connect', 'ldaps');
      await s.bind('bind as the user', user.upn, FIRST_PASSWORD);
      let current = FIRST_PASSWORD;
      if (history) {
        await s.modify('change to a second password', user.dn, change(FIRST_PASSWORD, SECOND_PASSWORD));
        current = SECOND_PASSWORD;
      }
      await s.modify('the refused change', user.dn, change(old === '' ? current : old, next));
      await tryBind(context, 'the current password still works', user.upn, current);
    },
  };
}

function adminReset(name: string, sam: string, transport: Transport, next: string): Probe {
  return {
    name,
    async run(context) {
      const user = await addUser(context, sam);
      const admin = await asAdministrator(context, transport);
      await admin.modify('replace unicodePwd', user.dn, reset(next));
      await tryBind(context, 'bind with the reset password', user.upn, next);
      await tryBind(context, 'bind with the password before the reset', user.upn, FIRST_PASSWORD);
    },
  };
}

export const passwordProbes: readonly Probe[] = [
  {
    name: 'password: unicodePwd on add over LDAPS, then bind',
    async run(context) {
      const user = await addUser(context, 'probe-add-ldaps');
      await tryBind(context, 'bind by UPN', user.upn, FIRST_PASSWORD);
      await tryBind(context, 'bind by DN', user.dn, FIRST_PASSWORD);
    },
  },
  {
    name: 'password: unicodePwd on add over plain LDAP, then bind',
    async run(context) {
      const user = await addUser(context, 'probe-add-plain', 'plain');
      await tryBind(context, 'bind by UPN', user.upn, FIRST_PASSWORD);
    },
  },
  {
    name: 'password: add with a password that breaks the policy',
    async run(context) {
      const dn = `CN=probe-add-weak,${USERS}`;
      context.cleanup(async () => (await context.admin()).del('cleanup', dn));
      const admin = await asAdministrator(context, 'ldaps');
      await admin.add('add with a 4-character password', dn, {
        objectClass: 'user',
        sAMAccountName: 'probe-add-weak',
        unicodePwd: unicodePwd('Ab1!'),
      });
    },
  },
  {
    name: 'password: unicodePwd value without the double quotes',
    async run(context) {
      const user = await addUser(context, 'probe-noquotes');
      const admin = await asAdministrator(context, 'ldaps');
      await admin.modify('replace with an unquoted value', user.dn, [
        { operation: 'replace', type: 'unicodePwd', values: [Buffer.from('Third-Passw0rd!', 'utf16le')] },
      ]);
    },
  },
  selfChange('password: user changes its own password over LDAPS', 'probe-change-ldaps', 'ldaps'),
  selfChange('password: user changes its own password over StartTLS', 'probe-change-tls', 'starttls'),
  selfChange('password: user changes its own password over plain LDAP', 'probe-change-plain', 'plain'),
  refusedChange(
    'password: change with a wrong old password',
    'probe-wrong-old',
    'Wrong-Passw0rd!',
    SECOND_PASSWORD,
  ),
  refusedChange('password: change to a too-short password', 'probe-short', '', 'Ab1!'),
  refusedChange(
    'password: change to a password that is not complex',
    'probe-simple',
    '',
    'alllowercaseletters',
  ),
  refusedChange('password: change back to a password in history', 'probe-history', '', FIRST_PASSWORD, true),
  refusedChange(
    'password: change to a password containing the account name',
    'probe-name',
    '',
    'Probe-Name-9!',
  ),
  adminReset('password: administrator reset over LDAPS', 'probe-reset-ldaps', 'ldaps', SECOND_PASSWORD),
  adminReset('password: administrator reset over plain LDAP', 'probe-reset-plain', 'plain', SECOND_PASSWORD),
  adminReset('password: administrator reset to a too-short password', 'probe-reset-short', 'ldaps', 'Ab1!'),
  {
    name: 'password: a user may not replace (reset) its own password',
    async run(context) {
      const user = await addUser(context, 'probe-self-reset');
      const s = await connect(context, 'user connect', 'ldaps');
      await s.bind('bind as the user', user.upn, FIRST_PASSWORD);
      await s.modify('replace unicodePwd as the user', user.dn, reset(SECOND_PASSWORD));
    },
  },
  {
    name: 'password: unicodePwd is never returned',
    async run(context) {
      const user = await addUser(context, 'probe-read-pwd');
      const admin = await asAdministrator(context, 'ldaps');
      await admin.search('read unicodePwd by name', {
        base: user.dn,
        scope: 'base',
        attributes: ['unicodePwd'],
      });
      await admin.search('filter on unicodePwd', {
        base: USERS,
        filter: '(unicodePwd=*)',
        attributes: ['1.1'],
      });
    },
  },
  {
    name: 'password: disabling and re-enabling an account (userAccountControl)',
    async run(context) {
      const user = await addUser(context, 'probe-disable');
      const admin = await asAdministrator(context, 'ldaps');
      await admin.modify('disable (UAC 514)', user.dn, [
        { operation: 'replace', type: 'userAccountControl', values: ['514'] },
      ]);
      await tryBind(context, 'bind while disabled', user.upn, FIRST_PASSWORD);
      await admin.modify('enable (UAC 512)', user.dn, [
        { operation: 'replace', type: 'userAccountControl', values: ['512'] },
      ]);
      await tryBind(context, 'bind when enabled again', user.upn, FIRST_PASSWORD);
    },
  },
  {
    name: 'password: pwdLastSet 0 forces a change, -1 lifts it',
    async run(context) {
      const user = await addUser(context, 'probe-mustchange');
      const admin = await asAdministrator(context, 'ldaps');
      await admin.modify('pwdLastSet 0', user.dn, [
        { operation: 'replace', type: 'pwdLastSet', values: ['0'] },
      ]);
      await tryBind(context, 'bind with pwdLastSet 0', user.upn, FIRST_PASSWORD);
      await admin.modify('pwdLastSet -1', user.dn, [
        { operation: 'replace', type: 'pwdLastSet', values: ['-1'] },
      ]);
      await tryBind(context, 'bind after pwdLastSet -1', user.upn, FIRST_PASSWORD);
      await admin.search('pwdLastSet after -1', { base: user.dn, scope: 'base', attributes: ['pwdLastSet'] });
    },
  },
];
