/**
 * Add, modify, delete, modify DN, with the memberof and refint overlays. Every probe works on its
 * own entries (uid=probe-…) and undoes what it changed, so probes never see each other's writes.
 */
import type { Probe, ProbeContext } from '../probe.js';
import type { ProbeSession } from '../probe-session.js';
import {
  ALICE,
  ALICE_PASSWORD,
  BASE,
  BOB,
  BOB_PASSWORD,
  BULK,
  DEVELOPERS,
  GROUPS,
  PEOPLE,
  probeUser,
  ROOT_DN,
} from './fixture-names.js';

async function asRoot(context: ProbeContext): Promise<ProbeSession> {
  const s = await context.open('connect');
  await s.bind('bind as rootdn', ROOT_DN, context.target.rootPassword);
  return s;
}

/** Deletes `dn` as rootdn after the probe; a probe that already deleted it gets a harmless 32. */
function deleteAfterwards(context: ProbeContext, dn: string): void {
  context.cleanup(async () => (await context.admin()).del('cleanup', dn));
}

/** Removes `member` from `group` after the probe, in case the probe stopped half-way. */
function removeMemberAfterwards(context: ProbeContext, group: string, member: string): void {
  context.cleanup(async () =>
    (await context.admin()).modify('cleanup', group, [
      { operation: 'delete', type: 'member', values: [member] },
    ]),
  );
}

const memberState = (s: ProbeSession, label: string, dn: string) =>
  s.search(label, { base: dn, scope: 'base', attributes: ['member', 'uniqueMember', 'memberOf'] });

export const writeProbes: readonly Probe[] = [
  {
    name: 'write: add a user, add it to a group (memberOf appears), delete it (refint removes the member)',
    async run(context) {
      const user = probeUser('probe-member', 'member-password');
      const s = await asRoot(context);
      deleteAfterwards(context, user.dn);
      removeMemberAfterwards(context, DEVELOPERS, user.dn);
      await s.add('add user', user.dn, user.attributes);
      await memberState(s, 'new user has no memberOf', user.dn);
      await s.modify('add user to developers', DEVELOPERS, [
        { operation: 'add', type: 'member', values: [user.dn] },
      ]);
      await memberState(s, 'user memberOf after joining', user.dn);
      await memberState(s, 'developers after the join', DEVELOPERS);
      await s.del('delete user', user.dn);
      await memberState(s, 'developers after the delete', DEVELOPERS);
    },
  },
  {
    name: 'write: add a group with a member (memberOf set on add), delete the group (memberOf removed)',
    async run(context) {
      const group = `cn=probe-group,${GROUPS}`;
      const s = await asRoot(context);
      deleteAfterwards(context, group);
      await s.add('add group', group, { objectClass: 'groupOfNames', cn: 'probe-group', member: [BOB] });
      await memberState(s, 'bob after the group add', BOB);
      await s.del('delete group', group);
      await memberState(s, 'bob after the group delete', BOB);
    },
  },
  {
    name: 'write: rename a member (modrdn): refint rewrites member, memberOf follows',
    async run(context) {
      const user = probeUser('probe-rename');
      const renamed = `uid=probe-renamed,${PEOPLE}`;
      const s = await asRoot(context);
      deleteAfterwards(context, user.dn);
      deleteAfterwards(context, renamed);
      removeMemberAfterwards(context, DEVELOPERS, user.dn);
      removeMemberAfterwards(context, DEVELOPERS, renamed);
      await s.add('add user', user.dn, user.attributes);
      await s.modify('add user to developers', DEVELOPERS, [
        { operation: 'add', type: 'member', values: [user.dn] },
      ]);
      await s.modifyDN('rename uid', user.dn, 'uid=probe-renamed', { deleteOldRdn: true });
      await s.search('renamed entry', {
        base: renamed,
        scope: 'base',
        attributes: ['uid', 'memberOf', 'entryDN'],
      });
      await memberState(s, 'developers after the rename', DEVELOPERS);
      await s.search('old DN is gone', { base: user.dn, scope: 'base', attributes: ['1.1'] });
    },
  },
  {
    name: 'write: modrdn keeping the old RDN value, then moving under a new superior',
    async run(context) {
      const user = probeUser('probe-move');
      const moved = `uid=probe-moved,${BULK}`;
      const s = await asRoot(context);
      deleteAfterwards(context, user.dn);
      deleteAfterwards(context, `uid=probe-moved,${PEOPLE}`);
      deleteAfterwards(context, moved);
      await s.add('add user', user.dn, user.attributes);
      await s.modifyDN('rename keeping the old value', user.dn, 'uid=probe-moved', { deleteOldRdn: false });
      await s.search('uid values after the rename', {
        base: `uid=probe-moved,${PEOPLE}`,
        scope: 'base',
        attributes: ['uid'],
      });
      await s.modifyDN('move to ou=bulk', `uid=probe-moved,${PEOPLE}`, 'uid=probe-moved', {
        deleteOldRdn: true,
        newSuperior: BULK,
      });
      await s.search('moved entry', { base: moved, scope: 'base', attributes: ['uid'] });
      await s.modifyDN('move under a missing parent', moved, 'uid=probe-moved', {
        deleteOldRdn: true,
        newSuperior: `ou=missing,${BASE}`,
      });
    },
  },
  {
    name: 'write: modify add/replace/delete values and read back',
    async run(context) {
      const user = probeUser('probe-modify');
      const s = await asRoot(context);
      deleteAfterwards(context, user.dn);
      await s.add('add user', user.dn, user.attributes);
      await s.modify('add two values', user.dn, [
        { operation: 'add', type: 'description', values: ['one', 'two'] },
      ]);
      await s.modify('add an existing value', user.dn, [
        { operation: 'add', type: 'description', values: ['one'] },
      ]);
      await s.modify('delete a missing value', user.dn, [
        { operation: 'delete', type: 'description', values: ['three'] },
      ]);
      await s.modify('replace', user.dn, [{ operation: 'replace', type: 'description', values: ['only'] }]);
      await s.modify('delete a whole attribute the entry lacks', user.dn, [
        { operation: 'delete', type: 'mail', values: [] },
      ]);
      await s.modify('remove the RDN value', user.dn, [{ operation: 'delete', type: 'uid', values: [] }]);
      await s.modify('remove a required attribute', user.dn, [
        { operation: 'delete', type: 'sn', values: [] },
      ]);
      await s.modify('unknown attribute type', user.dn, [
        { operation: 'add', type: 'noSuchAttribute', values: ['x'] },
      ]);
      await s.modify('mail in another case', user.dn, [
        { operation: 'replace', type: 'MAIL', values: ['probe@example.org'] },
      ]);
      await s.search('final state', { base: user.dn, scope: 'base', attributes: ['*'] });
    },
  },
  {
    name: 'write: add errors (exists, missing parent, no objectClass, missing required attribute)',
    async run(context) {
      const s = await asRoot(context);
      const user = probeUser('probe-add-errors');
      deleteAfterwards(context, user.dn);
      deleteAfterwards(context, `uid=probe-no-oc,${PEOPLE}`);
      deleteAfterwards(context, `uid=probe-no-sn,${PEOPLE}`);
      deleteAfterwards(context, `cn=probe-empty,${GROUPS}`);
      await s.add('entry that exists', ALICE, {
        objectClass: 'inetOrgPerson',
        uid: 'alice',
        cn: 'A',
        sn: 'B',
      });
      await s.add('parent missing', `uid=x,ou=missing,${BASE}`, {
        objectClass: 'inetOrgPerson',
        uid: 'x',
        cn: 'x',
        sn: 'x',
      });
      await s.add('no objectClass', `uid=probe-no-oc,${PEOPLE}`, { uid: 'probe-no-oc', cn: 'x', sn: 'x' });
      await s.add('required sn missing', `uid=probe-no-sn,${PEOPLE}`, {
        objectClass: 'inetOrgPerson',
        uid: 'probe-no-sn',
        cn: 'x',
      });
      await s.add('RDN value not in the entry', user.dn, {
        objectClass: 'inetOrgPerson',
        uid: 'other',
        cn: 'x',
        sn: 'x',
      });
      await s.search('entry added with the RDN value', { base: user.dn, scope: 'base', attributes: ['uid'] });
      await s.add('group without members', `cn=probe-empty,${GROUPS}`, {
        objectClass: 'groupOfNames',
        cn: 'probe-empty',
      });
    },
  },
  {
    name: 'write: delete errors (missing entry, entry with children)',
    async run(context) {
      const s = await asRoot(context);
      await s.del('missing entry', `uid=nobody,${PEOPLE}`);
      await s.del('entry with children', PEOPLE);
    },
  },
  {
    name: 'write: memberOf is operational and not user-modifiable',
    async run(context) {
      const s = await asRoot(context);
      await s.modify('add memberOf directly', ALICE, [
        { operation: 'add', type: 'memberOf', values: [`cn=ops,${GROUPS}`] },
      ]);
      await memberState(s, 'alice unchanged', ALICE);
    },
  },
  {
    name: 'write: removing the last member of a groupOfNames',
    async run(context) {
      const group = `cn=probe-last,${GROUPS}`;
      const s = await asRoot(context);
      deleteAfterwards(context, group);
      await s.add('add group', group, { objectClass: 'groupOfNames', cn: 'probe-last', member: [BOB] });
      await s.modify('delete its only member', group, [
        { operation: 'delete', type: 'member', values: [BOB] },
      ]);
      await memberState(s, 'group after', group);
    },
  },
  {
    name: 'write: userPassword by modify: the user is held to ppolicy quality (19), the rootdn is not',
    async run(context) {
      const user = probeUser('probe-pw-modify', 'original-password');
      const s = await asRoot(context);
      deleteAfterwards(context, user.dn);
      await s.add('add user', user.dn, user.attributes);
      const self = await context.open('user connect');
      await self.bind('bind as the user', user.dn, 'original-password');
      await self.modify('user replaces with a short password', user.dn, [
        { operation: 'replace', type: 'userPassword', values: ['short'] },
      ]);
      await s.modify('rootdn replaces with a short password', user.dn, [
        { operation: 'replace', type: 'userPassword', values: ['abc'] },
      ]);
      const check = await context.open('check connect');
      await check.bind('bind with the rootdn-set password', user.dn, 'abc');
      await check.modify('user adds a second short value', user.dn, [
        { operation: 'add', type: 'userPassword', values: ['xyz'] },
      ]);
    },
  },
  {
    name: 'write: ACLs (anonymous add, user modifies own mail, user modifies own password attribute)',
    async run(context) {
      const anonymous = await context.open('anonymous connect');
      await anonymous.add('anonymous add', `uid=probe-anon,${PEOPLE}`, {
        objectClass: 'inetOrgPerson',
        uid: 'probe-anon',
        cn: 'x',
        sn: 'x',
      });
      deleteAfterwards(context, `uid=probe-anon,${PEOPLE}`);
      const alice = await context.open('alice connect');
      await alice.bind('bind as alice', ALICE, ALICE_PASSWORD);
      await alice.modify('alice replaces her mail', ALICE, [
        { operation: 'replace', type: 'mail', values: ['changed@example.org'] },
      ]);
      await alice.del('alice deletes bob', BOB);
    },
  },
  {
    name: 'write: schema on add (undefined type 17, unknown or repeated class, chains, not allowed), before the tree',
    async run(context) {
      const s = await asRoot(context);
      const dn = `uid=probe-schema-add,${PEOPLE}`;
      const person = { objectClass: 'inetOrgPerson', uid: 'probe-schema-add', cn: 'x', sn: 'x' };
      deleteAfterwards(context, dn);
      await s.add('undefined attribute type', dn, { ...person, fooBarBaz: '1' });
      await s.add('undefined type on an existing entry', ALICE, { ...person, fooBarBaz: '1' });
      await s.add('undefined type under a missing parent', `uid=x,ou=missing,${BASE}`, {
        ...person,
        fooBarBaz: '1',
      });
      await s.add('sn missing on an existing entry', ALICE, {
        objectClass: 'inetOrgPerson',
        uid: 'x',
        cn: 'x',
      });
      await s.add('unknown object class', dn, { ...person, objectClass: ['inetOrgPerson', 'fooClass'] });
      await s.add('object class given twice', dn, {
        ...person,
        objectClass: ['inetOrgPerson', 'person', 'inetOrgPerson'],
      });
      await s.add('two structural chains', dn, { ...person, objectClass: ['inetOrgPerson', 'device'] });
      await s.add('no structural class', dn, {
        objectClass: 'posixAccount',
        uid: 'probe-schema-add',
        cn: 'x',
        uidNumber: '1',
        gidNumber: '1',
        homeDirectory: '/x',
      });
      await s.add('attribute no class allows', dn, { ...person, uidNumber: '5' });
      await s.add('RDN attribute no class allows', `uidNumber=5,${PEOPLE}`, { ...person });
      await s.add('value given twice (first occurrence named)', dn, { ...person, cn: ['c', 'b', 'a', 'c'] });
      await s.add('two values of a single-valued type', dn, { ...person, displayName: ['a', 'b'] });
      await s.add('value invalid per syntax', dn, {
        ...person,
        objectClass: ['inetOrgPerson', 'posixAccount'],
        uidNumber: 'abc',
        gidNumber: '1',
        homeDirectory: '/x',
      });
      await s.add('RDN with an undefined type', `fooBar=x,${PEOPLE}`, { ...person });
      await s.search('nothing was added', {
        base: PEOPLE,
        scope: 'one',
        filter: '(sn=x)',
        attributes: ['1.1'],
      });
    },
  },
  {
    name: 'write: schema on add by anonymous and by a user (request checks before access, schema before the tree)',
    async run(context) {
      const dn = `uid=probe-schema-anon,${PEOPLE}`;
      const person = { objectClass: 'inetOrgPerson', uid: 'probe-schema-anon', cn: 'x', sn: 'x' };
      deleteAfterwards(context, dn);
      const anonymous = await context.open('anonymous connect');
      await anonymous.add('anonymous: undefined type', dn, { ...person, fooBarBaz: '1' });
      await anonymous.add('anonymous: unknown class', dn, { ...person, objectClass: 'fooClass' });
      await anonymous.add('anonymous: value given twice', dn, { ...person, cn: ['x', 'x'] });
      await anonymous.add('anonymous: sn missing', dn, { objectClass: 'inetOrgPerson', uid: 'x', cn: 'x' });
      await anonymous.add('anonymous: memberOf', dn, { ...person, memberOf: DEVELOPERS });
      const bob = await context.open('bob connect');
      await bob.bind('bind as bob', BOB, BOB_PASSWORD);
      await bob.add('bob: sn missing', dn, { objectClass: 'inetOrgPerson', uid: 'x', cn: 'x' });
      await bob.add('bob: existing entry', ALICE, person);
      await bob.add('bob: missing parent', `uid=x,ou=missing,${BASE}`, person);
      await bob.add('bob: valid entry', dn, person);
    },
  },
  {
    name: 'write: schema on modify (undefined type on every operation, classes still needed, values)',
    async run(context) {
      const user = probeUser('probe-schema-modify');
      const s = await asRoot(context);
      deleteAfterwards(context, user.dn);
      await s.add('add user', user.dn, {
        ...user.attributes,
        objectClass: ['inetOrgPerson', 'posixAccount'],
        uidNumber: '7001',
        gidNumber: '7001',
        homeDirectory: '/home/probe',
      });
      for (const operation of ['add', 'replace', 'delete'] as const) {
        await s.modify(`${operation} an undefined type`, user.dn, [
          { operation, type: 'fooBarBaz', values: operation === 'delete' ? [] : ['1'] },
        ]);
      }
      await s.modify('replace an undefined type with no values', user.dn, [
        { operation: 'replace', type: 'fooBarBaz', values: [] },
      ]);
      await s.modify('undefined type after a change that fails', user.dn, [
        { operation: 'delete', type: 'description', values: ['absent'] },
        { operation: 'add', type: 'fooBarBaz', values: ['1'] },
      ]);
      await s.modify('undefined type on a missing entry', `uid=nobody,${PEOPLE}`, [
        { operation: 'add', type: 'fooBarBaz', values: ['1'] },
      ]);
      await s.modify('remove a class its attributes still need', user.dn, [
        { operation: 'delete', type: 'objectClass', values: ['posixAccount'] },
      ]);
      await s.modify('remove the structural class', user.dn, [
        { operation: 'delete', type: 'objectClass', values: ['inetOrgPerson'] },
      ]);
      await s.modify('remove every class', user.dn, [
        { operation: 'delete', type: 'objectClass', values: [] },
      ]);
      await s.modify('add an unknown class', user.dn, [
        { operation: 'add', type: 'objectClass', values: ['fooClass'] },
      ]);
      await s.modify('add a second structural chain', user.dn, [
        { operation: 'add', type: 'objectClass', values: ['device'] },
      ]);
      await s.modify('two values of a single-valued type', user.dn, [
        { operation: 'add', type: 'displayName', values: ['a', 'b'] },
      ]);
      await s.modify('a second value of a single-valued type', user.dn, [
        { operation: 'add', type: 'uidNumber', values: ['5'] },
      ]);
      await s.modify('a value given twice', user.dn, [
        { operation: 'replace', type: 'description', values: ['a', 'b', 'b'] },
      ]);
      await s.modify('a value invalid per syntax, on a missing entry', `uid=nobody,${PEOPLE}`, [
        { operation: 'add', type: 'uidNumber', values: ['abc'] },
      ]);
      await s.modify('delete a value invalid per syntax', user.dn, [
        { operation: 'delete', type: 'uidNumber', values: ['abc'] },
      ]);
      const bob = await context.open('bob connect');
      await bob.bind('bind as bob', BOB, BOB_PASSWORD);
      await bob.modify('bob: memberOf on another entry', user.dn, [
        { operation: 'add', type: 'memberOf', values: [DEVELOPERS] },
      ]);
      await bob.modify('bob: undefined type on another entry', user.dn, [
        { operation: 'add', type: 'fooBarBaz', values: ['1'] },
      ]);
      await s.search('final state', { base: user.dn, scope: 'base', attributes: ['*'] });
    },
  },
  {
    name: 'write: schema on modify DN (a new RDN the schema refuses is 34, one no class allows 65)',
    async run(context) {
      const user = probeUser('probe-schema-rdn');
      const s = await asRoot(context);
      deleteAfterwards(context, user.dn);
      deleteAfterwards(context, `displayName=probe,${PEOPLE}`);
      await s.add('add user', user.dn, user.attributes);
      await s.modifyDN('new RDN with an undefined type', user.dn, 'fooBar=x', { deleteOldRdn: true });
      await s.modifyDN('new RDN with a value invalid per syntax', user.dn, 'uidNumber=abc', {
        deleteOldRdn: true,
      });
      await s.modifyDN('undefined type, entry missing', `uid=nobody,${PEOPLE}`, 'fooBar=x', {
        deleteOldRdn: true,
      });
      await s.modifyDN('new RDN no class allows', user.dn, 'uidNumber=5', { deleteOldRdn: false });
      await s.modifyDN('new RDN adds a structural class', user.dn, 'objectClass=device', {
        deleteOldRdn: false,
      });
      await s.modifyDN(
        'new RDN: a second value of a single-valued type (bob has a uidNumber)',
        BOB,
        'uidNumber=5',
        {
          deleteOldRdn: true,
        },
      );
      await s.search('entry unchanged', { base: user.dn, scope: 'base', attributes: ['*'] });
      await s.modifyDN('new RDN a class allows', user.dn, 'displayName=probe', { deleteOldRdn: false });
      await s.search('renamed', { base: `displayName=probe,${PEOPLE}`, scope: 'base', attributes: ['*'] });
      const bob = await context.open('bob connect');
      await bob.bind('bind as bob', BOB, BOB_PASSWORD);
      await bob.modifyDN('bob renames a missing entry', `uid=nobody,${PEOPLE}`, 'uid=x', {
        deleteOldRdn: true,
      });
      const anonymous = await context.open('anonymous connect');
      await anonymous.modifyDN('anonymous: undefined type', `uid=nobody,${PEOPLE}`, 'fooBar=x', {
        deleteOldRdn: true,
      });
    },
  },
  {
    name: 'write: DNs naming an undefined type are invalid (34) for every operation',
    async run(context) {
      const dn = `fooBar=x,${BASE}`;
      const s = await asRoot(context);
      await s.search('search base', { base: dn, scope: 'base', attributes: ['1.1'] });
      await s.search('search base with a value invalid per syntax', {
        base: `uidNumber=abc,${BASE}`,
        scope: 'base',
        attributes: ['1.1'],
      });
      await s.compare('compare', dn, 'cn', 'x');
      await s.del('delete', dn);
      await s.modify('modify', dn, [{ operation: 'replace', type: 'description', values: ['x'] }]);
      const bind = await context.open('bind connect');
      await bind.bind('bind', dn, 'x');
    },
  },
  {
    name: 'write: delete by a user (a missing entry is 32 before access, an existing one 50)',
    async run(context) {
      const bob = await context.open('bob connect');
      await bob.bind('bind as bob', BOB, BOB_PASSWORD);
      await bob.del('missing entry', `uid=nobody,${PEOPLE}`);
      await bob.del('entry with children', PEOPLE);
      await bob.del('alice', ALICE);
    },
  },
];
