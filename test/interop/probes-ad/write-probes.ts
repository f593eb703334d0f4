/**
 * Refused writes, as Samba 4.17 answers them to its Administrator: add, modify, delete and modify
 * DN, each refusal's code, text and matched DN (Samba names the entry in its texts: as the request
 * gave it, as stored, or as it rewrites a new one; DNs are sent in both cases to tell them apart).
 * Every probe works on entries of its own (CN=probe-w-…), deleted afterwards; a refused write
 * changes nothing, and the few writes that succeed are undone.
 */
import type { Probe, ProbeContext } from '../probe.js';
import type { ProbeSession } from '../probe-session.js';
import { ALICE, BASE, BOB, USERS } from './fixture-names.js';

const lower = (dn: string) => dn.toLowerCase();

async function asAdministrator(context: ProbeContext): Promise<ProbeSession> {
  const s = await context.open('connect');
  await s.bind('bind as Administrator', context.target.rootDN, context.target.rootPassword);
  return s;
}

/** Deletes the entries after the probe, deepest first as listed; a probe that never made one gets a harmless 32. */
function deleteAfterwards(context: ProbeContext, ...dns: string[]): void {
  for (const dn of [...dns].reverse())
    context.cleanup(async () => (await context.admin()).del('cleanup', dn));
}

/** A contact of the probe's own: description one, mail (single-valued). */
async function addContact(context: ProbeContext, s: ProbeSession, name: string): Promise<string> {
  const dn = `CN=${name},${USERS}`;
  deleteAfterwards(context, dn);
  await s.add(`add ${name}`, dn, {
    objectClass: 'contact',
    description: 'one',
    mail: `${name}@corp.example.com`,
  });
  return dn;
}

const PSO_CONTAINER = `CN=Password Settings Container,CN=System,${BASE}`;

export const writeProbes: readonly Probe[] = [
  {
    name: 'write refusals: add where the entry is, or its parent is not',
    async run(context) {
      const s = await asAdministrator(context);
      const contact = await addContact(context, s, 'probe-w-place');
      await s.add('add an entry that exists', contact, { objectClass: 'contact' });
      await s.add('add it again, DN in lower case (Samba rewrites it)', lower(contact), {
        objectClass: 'contact',
      });
      await s.add('add under a missing parent', `CN=x,OU=missing,${BASE}`, { objectClass: 'contact' });
      await s.add('add under a missing parent, lower case', lower(`CN=x,OU=missing,${BASE}`), {
        objectClass: 'contact',
      });
      await s.add('add under a missing grandparent', `CN=x,OU=m2,OU=missing,${BASE}`, {
        objectClass: 'contact',
      });
      await s.add('add the root DSE', '', { objectClass: 'contact' });
      await s.add('add an invalid DN', 'foo', { objectClass: 'contact' });
      await s.add('add with a multi-valued RDN', `CN=a+sn=b,${USERS}`, { objectClass: 'contact' });
      await s.add('add with an empty RDN value', `CN=,${USERS}`, { objectClass: 'contact' });
    },
  },
  {
    name: 'write refusals: add against the schema',
    async run(context) {
      const s = await asAdministrator(context);
      const dn = (n: number) => `CN=probe-w-schema${n},${USERS}`;
      deleteAfterwards(context, dn(1), dn(2), dn(3), dn(4), dn(5), dn(6), dn(7), dn(8));
      await s.add('an undefined attribute', dn(1), { objectClass: 'contact', fooBarBaz: 'x' });
      await s.add('an undefined attribute, names in upper and lower case', lower(dn(1)), {
        objectClass: 'contact',
        FOOBARBAZ: 'x',
      });
      await s.add('an unknown object class', dn(1), { objectClass: 'fooClass' });
      await s.add('an unknown object class after a known one', dn(1), {
        objectClass: ['contact', 'FOOCLASS'],
      });
      await s.add('an unknown class and an undefined attribute', dn(1), {
        objectClass: 'fooClass',
        fooBarBaz: 'x',
      });
      await s.addList('no objectClass', dn(1), [['description', 'x']]);
      await s.add('objectClass twice', dn(1), { objectClass: ['contact', 'contact'] });
      await s.add('only an abstract class', dn(1), { objectClass: 'top' });
      await s.add('only an auxiliary class', dn(1), { objectClass: 'mailRecipient' });
      await s.add('two unrelated structural classes', dn(1), {
        objectClass: ['contact', 'organizationalUnit'],
      });
      await s.add('two unrelated structural classes, reversed', dn(1), {
        objectClass: ['organizationalUnit', 'contact'],
      });
      await s.add('a missing required attribute', `CN=probe-w-pso,${PSO_CONTAINER}`, {
        objectClass: 'msDS-PasswordSettings',
      });
      await s.add('the next missing required attribute', `CN=probe-w-pso,${PSO_CONTAINER}`, {
        objectClass: 'msDS-PasswordSettings',
        'msDS-LockoutDuration': '-18000000000',
      });
      await s.add('an attribute the class does not allow', dn(1), {
        objectClass: 'contact',
        sAMAccountName: 'zz',
      });
      await s.add('not allowed and required missing (not allowed first)', `CN=probe-w-pso,${PSO_CONTAINER}`, {
        objectClass: 'msDS-PasswordSettings',
        sAMAccountName: 'zz',
      });
      await s.add('a value invalid per syntax', lower(dn(1)), { objectClass: 'contact', FLAGS: 'abc' });
      await s.add('a constructed attribute', dn(1), { objectClass: 'contact', canonicalName: 'x' });
      await s.add('objectGUID', dn(1), { objectClass: 'contact', objectGUID: Buffer.alloc(16, 1) });
      await s.add('memberOf', dn(1), { objectClass: 'contact', memberOf: `CN=Developers,${USERS}` });
      await s.add('the RDN value differs from the entry’s', dn(1), { objectClass: 'contact', cn: 'other' });
      await s.add('an attribute without values', dn(1), { objectClass: 'contact', description: [] });
      await s.add('a value given twice', dn(1), { objectClass: 'contact', description: ['a', 'a'] });
      await s.add('a single-valued attribute given two values', lower(dn(1)), {
        objectClass: 'contact',
        MAIL: ['a@x', 'b@x'],
      });
      await s.add('an entry that exists, with an undefined attribute (schema first)', `CN=alice,${USERS}`, {
        objectClass: 'contact',
        fooBarBaz: 'x',
      });
      await s.add('an entry that exists, with a value given twice', `CN=alice,${USERS}`, {
        objectClass: 'contact',
        description: ['a', 'a'],
      });
      // Accepted: values differing in case only are two values; the server's stamps win.
      await s.add('values differing in case only', dn(2), {
        objectClass: 'contact',
        description: ['a', 'b', 'B'],
      });
      await s.search('both kept', { base: dn(2), scope: 'base', attributes: ['description'] });
      await s.add('with whenCreated, instanceType and uSNChanged', dn(3), {
        objectClass: 'contact',
        whenCreated: '20200101000000.0Z',
        instanceType: '4',
        uSNChanged: '5',
      });
      await s.search('the server’s stamps', {
        base: dn(3),
        scope: 'base',
        attributes: ['whenCreated', 'instanceType', 'uSNChanged'],
      });
    },
  },
  {
    name: 'write refusals: modify values (single-valued, missing, duplicate, undefined)',
    async run(context) {
      const s = await asAdministrator(context);
      const contact = await addContact(context, s, 'probe-w-values');
      await s.modify('add a second mail (single-valued)', contact, [
        { operation: 'add', type: 'mail', values: ['d@x'] },
      ]);
      await s.modify('add the same mail again', contact, [
        { operation: 'add', type: 'mail', values: ['probe-w-values@corp.example.com'] },
      ]);
      await s.modify('replace mail with two values', lower(contact), [
        { operation: 'replace', type: 'MAIL', values: ['d@x', 'e@x'] },
      ]);
      await s.modify('replace mail with one value twice', contact, [
        { operation: 'replace', type: 'mail', values: ['d@x', 'd@x'] },
      ]);
      await s.modify('delete a value not present', contact, [
        { operation: 'delete', type: 'description', values: ['three'] },
      ]);
      await s.modify('delete a value not present, names in other case', lower(contact), [
        { operation: 'delete', type: 'DESCRIPTION', values: ['nine'] },
      ]);
      await s.modify('delete an absent attribute', contact, [
        { operation: 'delete', type: 'info', values: [] },
      ]);
      await s.modify('delete a value of an absent attribute', contact, [
        { operation: 'delete', type: 'info', values: ['x'] },
      ]);
      await s.modify('replace an undefined attribute', contact, [
        { operation: 'replace', type: 'fooBarBaz', values: ['x'] },
      ]);
      await s.modify('add an undefined attribute, DN in lower case', lower(contact), [
        { operation: 'add', type: 'FOOBARBAZ', values: ['x'] },
      ]);
      await s.modify('delete an undefined attribute', contact, [
        { operation: 'delete', type: 'fooBarBaz', values: [] },
      ]);
      await s.modify('add a value that exists', contact, [
        { operation: 'add', type: 'description', values: ['one'] },
      ]);
      await s.modify('add a value that exists after a new one', lower(contact), [
        { operation: 'add', type: 'DESCRIPTION', values: ['two', 'one'] },
      ]);
      await s.modify('add one value twice', lower(contact), [
        { operation: 'add', type: 'description', values: ['z', 'z'] },
      ]);
      await s.modify('replace with one value twice', contact, [
        { operation: 'replace', type: 'description', values: ['z', 'z'] },
      ]);
      await s.modify('add without values', contact, [{ operation: 'add', type: 'description', values: [] }]);
      await s.modify('increment', contact, [{ operation: 'increment', type: 'flags', values: ['1'] }]);
      await s.modify('a value invalid per syntax', lower(contact), [
        { operation: 'add', type: 'FLAGS', values: ['abc'] },
      ]);
      await s.modify('a second mail and a bad value (syntax first)', contact, [
        { operation: 'add', type: 'mail', values: ['d@x'] },
        { operation: 'add', type: 'flags', values: ['abc'] },
      ]);
      await s.modify('an attribute the class does not allow', lower(contact), [
        { operation: 'add', type: 'SAMACCOUNTNAME', values: ['zz'] },
      ]);
      await s.modify('an absent delete before a not-allowed add', contact, [
        { operation: 'add', type: 'sAMAccountName', values: ['zz'] },
        { operation: 'delete', type: 'info', values: [] },
      ]);
      await s.modify('an existing value and an undefined attribute', contact, [
        { operation: 'add', type: 'description', values: ['one'] },
        { operation: 'replace', type: 'fooBarBaz', values: ['x'] },
      ]);
      await s.modify('add a value differing in case only (accepted)', contact, [
        { operation: 'add', type: 'description', values: ['ONE'] },
      ]);
      await s.modify('delete a value by another case', contact, [
        { operation: 'delete', type: 'description', values: ['one'] },
      ]);
      await s.search('what is left', { base: contact, scope: 'base', attributes: ['description', 'mail'] });
    },
  },
  {
    name: 'write refusals: modify what names the entry, and what only the server writes',
    async run(context) {
      const s = await asAdministrator(context);
      const contact = await addContact(context, s, 'probe-w-naming');
      await s.modify('add a second cn (the RDN)', contact, [
        { operation: 'add', type: 'cn', values: ['other'] },
      ]);
      await s.modify('add a second cn, DN in lower case', lower(contact), [
        { operation: 'add', type: 'CN', values: ['other'] },
      ]);
      await s.modify('replace cn by the same value', contact, [
        { operation: 'replace', type: 'cn', values: ['probe-w-naming'] },
      ]);
      await s.modify('delete cn', contact, [{ operation: 'delete', type: 'cn', values: [] }]);
      await s.modify('replace name', lower(contact), [
        { operation: 'replace', type: 'name', values: ['other'] },
      ]);
      await s.modify('replace distinguishedName', contact, [
        { operation: 'replace', type: 'distinguishedName', values: [`CN=zz,${USERS}`] },
      ]);
      await s.modify('replace objectGUID', contact, [
        { operation: 'replace', type: 'objectGUID', values: [Buffer.alloc(16, 1)] },
      ]);
      await s.modify('replace whenCreated, DN in lower case', lower(contact), [
        { operation: 'replace', type: 'WHENCREATED', values: ['20200101000000.0Z'] },
      ]);
      await s.modify('replace a constructed attribute', contact, [
        { operation: 'replace', type: 'canonicalName', values: ['x'] },
      ]);
      await s.modify('replace memberOf', contact, [
        { operation: 'replace', type: 'memberOf', values: [`CN=Developers,${USERS}`] },
      ]);
      await s.modify('replace instanceType', contact, [
        { operation: 'replace', type: 'instanceType', values: ['4'] },
      ]);
      await s.modify('replace objectSid', contact, [
        { operation: 'replace', type: 'objectSid', values: ['S-1-5-21-1-2-3-4'] },
      ]);
      await s.modify('objectGUID before cn', contact, [
        { operation: 'replace', type: 'objectGUID', values: [Buffer.alloc(16, 1)] },
        { operation: 'add', type: 'cn', values: ['x'] },
      ]);
      await s.modify('change the structural class', contact, [
        { operation: 'replace', type: 'objectClass', values: ['organizationalUnit'] },
      ]);
      await s.modify('add an unknown class', lower(contact), [
        { operation: 'add', type: 'objectClass', values: ['FOOCLASS'] },
      ]);
      await s.search('unchanged', {
        base: contact,
        scope: 'base',
        attributes: ['cn', 'name', 'objectClass'],
      });
    },
  },
  {
    name: 'write refusals: modify a missing entry; member values that exist, are missing, name nobody',
    async run(context) {
      const s = await asAdministrator(context);
      const group = `CN=probe-w-group,${USERS}`;
      deleteAfterwards(context, group);
      await s.modify('modify a missing entry', `CN=nobody,${USERS}`, [
        { operation: 'add', type: 'description', values: ['x'] },
      ]);
      await s.modify('modify a missing entry, lower case', lower(`CN=nobody,${USERS}`), [
        { operation: 'add', type: 'description', values: ['x'] },
      ]);
      await s.modify('modify an entry under a missing parent', `CN=nobody,OU=missing,${BASE}`, [
        { operation: 'add', type: 'description', values: ['x'] },
      ]);
      await s.modify('modify an invalid DN', 'foo', [
        { operation: 'add', type: 'description', values: ['x'] },
      ]);
      await s.add('add a group with alice', group, { objectClass: 'group', member: [ALICE.dn] });
      await s.modify('add alice again', group, [{ operation: 'add', type: 'member', values: [ALICE.dn] }]);
      await s.modify('add a member that does not exist', group, [
        { operation: 'add', type: 'member', values: [`CN=nobody,${USERS}`] },
      ]);
      await s.modify('delete bob, no member', group, [
        { operation: 'delete', type: 'member', values: [BOB.dn] },
      ]);
      await s.search('the group’s members', { base: group, scope: 'base', attributes: ['member'] });
    },
  },
  {
    name: 'write refusals: delete a missing entry, a non-leaf',
    async run(context) {
      const s = await asAdministrator(context);
      const ou = `OU=probe-w-tree,${BASE}`;
      const sub = `OU=sub,${ou}`;
      deleteAfterwards(context, ou, `CN=c1,${ou}`, `CN=c2,${ou}`, sub, `CN=gc,${sub}`);
      await s.add('add an ou', ou, { objectClass: 'organizationalUnit' });
      await s.add('add a contact in it', `CN=c1,${ou}`, { objectClass: 'contact' });
      await s.add('add another', `CN=c2,${ou}`, { objectClass: 'contact' });
      await s.add('add an ou below', sub, { objectClass: 'organizationalUnit' });
      await s.add('add a contact below that', `CN=gc,${sub}`, { objectClass: 'contact' });
      await s.del('delete a missing entry', `CN=nobody,${USERS}`);
      await s.del('delete a missing entry, lower case', lower(`CN=nobody,${USERS}`));
      await s.del('delete under a missing parent', `CN=nobody,OU=missing,${BASE}`);
      await s.del('delete an invalid DN', 'foo');
      await s.del('delete the ou (three children)', ou);
      await s.del('delete the ou below (one child), lower case', lower(sub));
    },
  },
  {
    name: 'write refusals: modify DN',
    async run(context) {
      const s = await asAdministrator(context);
      const contact = await addContact(context, s, 'probe-w-rename');
      const ou = `OU=probe-w-move,${BASE}`;
      const sub = `OU=sub,${ou}`;
      deleteAfterwards(context, ou, sub);
      await s.add('add an ou', ou, { objectClass: 'organizationalUnit' });
      await s.add('add an ou below', sub, { objectClass: 'organizationalUnit' });
      const rename = (label: string, dn: string, rdn: string, deleteOldRdn = true, newSuperior?: string) =>
        s.modifyDN(label, dn, rdn, { deleteOldRdn, ...(newSuperior === undefined ? {} : { newSuperior }) });
      await rename('rename a missing entry', `CN=nobody,${USERS}`, 'CN=x');
      await rename('rename a missing entry, lower case', lower(`CN=nobody,${USERS}`), 'cn=x');
      await rename('rename an entry under a missing parent', `CN=nobody,OU=missing,${BASE}`, 'CN=x');
      await rename('rename an invalid DN', 'foo', 'CN=x');
      await rename('rename onto an existing entry', contact, 'CN=alice');
      await rename('rename onto an existing entry, lower case', lower(contact), 'cn=ALICE');
      await rename('move onto an existing entry', `CN=probe-w-rename,${USERS}`, 'CN=alice', true, USERS);
      await rename('move below a missing superior', contact, 'CN=probe-w-rename', true, `OU=missing,${BASE}`);
      await rename(
        'move below a missing superior, lower case',
        lower(contact),
        'cn=probe-w-rename',
        true,
        lower(`OU=missing,${BASE}`),
      );
      await rename('move an ou below itself', ou, 'OU=probe-w-move', true, sub);
      await rename('move an ou below itself, lower case', lower(ou), 'ou=probe-w-move', true, lower(sub));
      await rename('a multi-valued new RDN', contact, 'CN=a+sn=b');
      await rename('an invalid new RDN', contact, 'foo');
      await rename('an empty new RDN value', contact, 'CN=');
      await rename('keep the old RDN value', contact, 'CN=probe-w-renamed', false);
      await rename('keep the old RDN value, same name', contact, 'CN=probe-w-rename', false);
      await rename('keep the old RDN value of a missing entry', `CN=nobody,${USERS}`, 'CN=x', false);
      await rename('rename to itself', contact, 'CN=probe-w-rename');
      await s.search('the contact, still there', {
        base: contact,
        scope: 'base',
        attributes: ['cn', 'name'],
      });
    },
  },
];
