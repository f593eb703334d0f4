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
];
