/**
 * The ppolicy and memberof options of a bootstrap folder (test/fixtures/bootstrap/overlay-options)
 * and of a slapd.conf, on the mock alone: the answers test/interop/bootstrap-overlay-options-real
 * .test.ts measured on slapd 2.5 (use-lockout's accountLocked in the bind control, dangling members
 * refused with 53 / dropped / kept, isMemberOf as the back-link), and the values slapd refuses.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Control } from 'ldapts';
import { afterAll, describe, expect, it } from 'vitest';
import { BootstrapError, type MockServer, startMockServer } from '../../src/server/index.js';
import { answer, lastObserved } from './observed-session.js';
import { servedFolders } from './served-folders.js';

const FOLDER = new URL('../fixtures/bootstrap/overlay-options/', import.meta.url).pathname;
const BASE = 'dc=example,dc=org';
const ADMIN = [`cn=admin,${BASE}`, 'admin'] as const;
const person = (uid: string) => `uid=${uid},ou=people,${BASE}`;
const group = (cn: string) => `cn=${cn},ou=groups,${BASE}`;
const PPOLICY = () => new Control('1.3.6.1.4.1.42.2.27.8.5.1');

const { serve } = servedFolders('overlay-options');
const work = mkdtempSync(join(tmpdir(), 'ldapmock-overlay-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the fixture folder with its overlay settings' lines rewritten. */
function folderWith(name: string, rewrite: (overlays: string) => string): string {
  const copy = join(work, name);
  cpSync(FOLDER, copy, { recursive: true });
  const overlays = join(copy, '02-overlays.ldif');
  writeFileSync(overlays, rewrite(readFileSync(overlays, 'utf8')));
  return copy;
}

const lockedControl = (error?: string) => ({
  code: 49,
  diagnostic: '',
  matchedDN: '',
  controls: [{ oid: '1.3.6.1.4.1.42.2.27.8.5.1', critical: false, ppolicy: error ? { error } : {} }],
});

describe('olcPPolicyUseLockout', () => {
  it('TRUE: a locked account answers 49 with accountLocked in the control, only when the bind asked for it', async () => {
    const server = await serve({ bootstrap: { dirs: [FOLDER] } });
    // olcPPolicyForwardUpdates is taken without a notice: it changes nothing on a provider.
    expect(server.notices).toEqual([]);
    const bind = (uid: string, password: string, controls?: Control[]) =>
      lastObserved(server, undefined, (s) => s.bind('bind', person(uid), password, controls));
    expect(await bind('carol', 'carol-password', [PPOLICY()])).toEqual(lockedControl('1 accountLocked'));
    expect(await bind('carol', 'wrong', [PPOLICY()])).toEqual(lockedControl('1 accountLocked'));
    expect(await bind('carol', 'carol-password')).toEqual({ code: 49, diagnostic: '', matchedDN: '' });
  });

  it('TRUE: the bind that locks the account (pwdMaxFailure 2) answers without the error; the next ones with it', async () => {
    const server = await serve({ bootstrap: { dirs: [FOLDER] } });
    const seen = await lastObserved(server, undefined, async (s) => {
      await s.bind('1', person('dave'), 'wrong', [PPOLICY()]);
      await s.bind('2', person('dave'), 'wrong', [PPOLICY()]);
    });
    expect(seen).toEqual(lockedControl());
    // lastObserved reset the server: lock it again and try the right password.
    const after = await lastObserved(server, undefined, async (s) => {
      await s.bind('1', person('dave'), 'wrong', [PPOLICY()]);
      await s.bind('2', person('dave'), 'wrong', [PPOLICY()]);
      await s.bind('3', person('dave'), 'dave-password', [PPOLICY()]);
    });
    expect(after).toEqual(lockedControl('1 accountLocked'));
  });

  it('FALSE (the default, and the built-in fixture): the control carries no error', async () => {
    const folder = folderWith('no-lockout', (t) =>
      t.replace('olcPPolicyUseLockout: TRUE', 'olcPPolicyUseLockout: FALSE'),
    );
    const server = await serve({ bootstrap: { dirs: [folder] } });
    const seen = await lastObserved(server, undefined, (s) =>
      s.bind('bind', person('carol'), 'carol-password', [PPOLICY()]),
    );
    expect(seen).toEqual(lockedControl());
  });
});

describe('olcMemberOfMemberOfAD: isMemberOf', () => {
  it('lists the groups of entries whose classes allow it, is searchable, and memberOf is left alone', async () => {
    const server = await serve({ bootstrap: { dirs: [FOLDER] } });
    const seen = await lastObserved(server, ADMIN, (s) =>
      s.search('people', {
        base: `ou=people,${BASE}`,
        filter: '(|(uid=alice)(uid=bob))',
        attributes: ['*', 'memberOf'],
      }),
    );
    expect(seen).toMatchObject({
      entries: {
        [person('alice')]: { isMemberOf: [group('staff')] },
        [person('bob')]: expect.not.objectContaining({ isMemberOf: expect.anything() }),
      },
    });
    expect(JSON.stringify(seen)).not.toContain('memberOf');
    const found = await lastObserved(server, ADMIN, (s) =>
      s.search('by isMemberOf', {
        base: BASE,
        filter: `(isMemberOf=${group('staff')})`,
        attributes: ['1.1'],
      }),
    );
    expect(Object.keys((found as { entries: object }).entries)).toEqual([person('alice')]);
  });

  it('keeps the values a client stored beside the computed ones', async () => {
    const server = await serve({ bootstrap: { dirs: [FOLDER] } });
    const seen = await lastObserved(server, ADMIN, async (s) => {
      await s.modify('store', person('alice'), [
        { operation: 'add', type: 'isMemberOf', values: [`cn=elsewhere,${BASE}`] },
      ]);
      await s.search('alice', { base: person('alice'), scope: 'base', attributes: ['isMemberOf'] });
    });
    expect(seen).toMatchObject({
      count: 1,
      entries: { [person('alice')]: { isMemberOf: [`cn=elsewhere,${BASE}`, group('staff')] } },
    });
  });

  it('an attribute the schema lacks, or one that cannot hold DNs, is refused as slapd refuses it', async () => {
    for (const [attribute, problem] of [
      ['noSuchAttribute', 'invalid AttributeDescription 17 (attribute type undefined)'],
      ['description', 'memberof attribute="description" must either have DN'],
    ] as const) {
      const folder = folderWith(`memberof-ad-${attribute}`, (t) =>
        t.replace('olcMemberOfMemberOfAD: isMemberOf', `olcMemberOfMemberOfAD: ${attribute}`),
      );
      const error = await startMockServer({ ldapsPort: null, bootstrap: { dirs: [folder] } }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BootstrapError);
      expect((error as Error).message).toContain(problem);
    }
  });
});

describe('olcMemberOfDangling', () => {
  const addGroup = (server: MockServer, ...members: string[]) =>
    lastObserved(server, ADMIN, (s) =>
      s.add('add', group('new'), { objectClass: 'groupOfNames', cn: 'new', member: members }),
    );
  const addMember = (server: MockServer, as: readonly [string, string], member: string) =>
    lastObserved(server, as, async (s) => {
      await s.modify('modify', group('staff'), [{ operation: 'add', type: 'member', values: [member] }]);
    });

  it('error with olcMemberOfDanglingError unwillingToPerform: 53 on add and modify, before access', async () => {
    const server = await serve({ bootstrap: { dirs: [FOLDER] } });
    const refused = '53 adding non-existing object as group member';
    expect(answer(await addGroup(server, person('alice'), person('ghost')))).toBe(refused);
    expect(answer(await addGroup(server, person('alice')))).toBe('0');
    expect(answer(await addMember(server, ADMIN, 'cn=x,dc=elsewhere'))).toBe(refused);
    expect(answer(await addMember(server, [person('alice'), 'alice-password'], person('ghost')))).toBe(
      refused,
    );
    expect(answer(await addMember(server, [person('alice'), 'alice-password'], person('carol')))).toBe('50');
  });

  it('error without olcMemberOfDanglingError: 19', async () => {
    const folder = folderWith('error-19', (t) => t.replace(/^olcMemberOfDanglingError:.*\n/m, ''));
    const server = await serve({ bootstrap: { dirs: [folder] } });
    expect(answer(await addGroup(server, person('ghost')))).toBe(
      '19 adding non-existing object as group member',
    );
  });

  it('drop: the missing members are left out; a modify left with nothing succeeds, even without access', async () => {
    const folder = folderWith('drop', (t) =>
      t.replace('olcMemberOfDangling: error', 'olcMemberOfDangling: drop'),
    );
    const server = await serve({ bootstrap: { dirs: [folder] } });
    const kept = await lastObserved(server, ADMIN, async (s) => {
      await s.add('add', group('new'), {
        objectClass: 'groupOfNames',
        cn: 'new',
        member: [person('alice'), person('ghost')],
      });
      await s.modify('replace', group('new'), [
        { operation: 'replace', type: 'member', values: [person('ghost')] },
      ]);
      await s.search('new', { base: group('new'), scope: 'base', attributes: ['member'] });
    });
    expect(kept).toMatchObject({ entries: { [group('new')]: { member: [person('alice')] } } });
    expect(answer(await addGroup(server, person('ghost')))).toBe(
      "65 object class 'groupOfNames' requires attribute 'member'",
    );
    expect(answer(await addMember(server, [person('alice'), 'alice-password'], person('ghost')))).toBe('0');
  });

  it('ignore: the missing members are stored', async () => {
    const folder = folderWith('ignore', (t) =>
      t.replace('olcMemberOfDangling: error', 'olcMemberOfDangling: ignore'),
    );
    const server = await serve({ bootstrap: { dirs: [folder] } });
    const seen = await lastObserved(server, ADMIN, async (s) => {
      await s.add('add', group('new'), { objectClass: 'groupOfNames', cn: 'new', member: [person('ghost')] });
      await s.search('new', { base: group('new'), scope: 'base', attributes: ['member'] });
    });
    expect(seen).toMatchObject({ entries: { [group('new')]: { member: [person('ghost')] } } });
  });

  it('a value slapd refuses is an error naming file:line', async () => {
    const folder = folderWith('bogus', (t) =>
      t
        .replace('olcMemberOfDangling: error', 'olcMemberOfDangling: bogus')
        .replace('olcPPolicyUseLockout: TRUE', 'olcPPolicyUseLockout: yes'),
    );
    const error = await startMockServer({ ldapsPort: null, bootstrap: { dirs: [folder] } }).catch(
      (e: unknown) => e,
    );
    expect((error as BootstrapError).problems).toEqual([
      `${join(folder, '02-overlays.ldif')}:3: olcMemberOfDangling: expected ignore, drop or error, got "bogus"`,
      `${join(folder, '02-overlays.ldif')}:15: olcPPolicyUseLockout: expected TRUE or FALSE, got "yes"`,
    ]);
  });
});

describe('the same options in a slapd.conf', () => {
  const data = join(FOLDER, '10-data.ldif');
  const schema = join(work, 'groupaware.schema');
  writeFileSync(
    schema,
    [
      "attributetype ( 1.3.6.1.4.1.99999.5.1 NAME 'isMemberOf' EQUALITY distinguishedNameMatch",
      '  SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )',
      "objectclass ( 1.3.6.1.4.1.99999.6.1 NAME 'groupAware' SUP top AUXILIARY MAY ( isMemberOf ) )",
      '',
    ].join('\n'),
  );
  const conf = (name: string, text: string) => {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  };

  it('ppolicy_use_lockout, ppolicy_forward_updates, memberof-dangling(-error), memberof-memberof-ad', async () => {
    const server = await serve({
      slapdConf: conf(
        'slapd.conf',
        [
          `include ${schema}`,
          'database mdb',
          `suffix ${BASE}`,
          `rootdn cn=admin,${BASE}`,
          'rootpw secret',
          'overlay memberof',
          'overlay ppolicy',
          `ppolicy_default cn=lockout,ou=policies,${BASE}`,
          'ppolicy_use_lockout',
          'ppolicy_forward_updates on',
          // After `overlay ppolicy`, still memberof's: slapd hands it to the database's memberof.
          'memberof-dangling error',
          'memberof-dangling-error insufficientAccess',
          'memberof-memberof-ad isMemberOf',
          '',
        ].join('\n'),
      ),
      ldif: [data],
    });
    expect(server.notices).toEqual([]);
    const admin = [`cn=admin,${BASE}`, 'secret'] as const;
    expect(
      await lastObserved(server, undefined, (s) =>
        s.bind('bind', person('carol'), 'carol-password', [PPOLICY()]),
      ),
    ).toEqual(lockedControl('1 accountLocked'));
    expect(
      answer(
        await lastObserved(server, admin, (s) =>
          s.add('add', group('new'), { objectClass: 'groupOfNames', cn: 'new', member: person('ghost') }),
        ),
      ),
    ).toBe('50 adding non-existing object as group member');
    const alice = await lastObserved(server, admin, (s) =>
      s.search('alice', { base: person('alice'), scope: 'base', attributes: ['isMemberOf'] }),
    );
    expect(alice).toMatchObject({ entries: { [person('alice')]: { isMemberOf: [group('staff')] } } });
  });

  it('an option before its overlay, or with a value slapd refuses, is an error naming file:line', async () => {
    const path = conf(
      'bad.conf',
      ['database mdb', 'ppolicy_use_lockout', 'overlay memberof', 'memberof-dangling sometimes', ''].join(
        '\n',
      ),
    );
    const error = await startMockServer({ slapdConf: path }).catch((e: unknown) => e);
    expect((error as BootstrapError).problems).toEqual([
      'bad.conf:2: ppolicy_use_lockout: not after overlay ppolicy (slapd: unknown directive)',
      'bad.conf:4: memberof-dangling: expected ignore, drop or error, got "sometimes"',
    ]);
  });
});
