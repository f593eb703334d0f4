/**
 * The ppolicy and memberof options a bootstrap folder sets (test/fixtures/bootstrap/
 * overlay-options: olcPPolicyUseLockout, olcPPolicyForwardUpdates, olcMemberOfMemberOfAD with the
 * folder's own isMemberOf, olcMemberOfDangling error with olcMemberOfDanglingError 53) held to
 * real slapd: the folder applied as an image applies it (cn=config over ldapi, the data as the
 * rootdn) and served by ldapmock; the same operations on both, every answer compared whole (code,
 * text, matched DN, response controls). The dangling modes drop and ignore are then switched on
 * both: over ldapi on slapd, by a copy of the folder for a second mock.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Control } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { applyFolder, configureSlapd, startImageSlapd } from './apply-folder.js';
import type { Observed } from './normalise.js';
import { type Modification, ProbeSession } from './probe-session.js';
import type { SlapdInstance } from './slapd.js';
import { ProbeConnection } from './wire/probe-connection.js';

const FOLDER = new URL('../fixtures/bootstrap/overlay-options/', import.meta.url).pathname;
const BASE = 'dc=example,dc=org';
const ROOT = `cn=admin,${BASE}`;
const person = (uid: string) => `uid=${uid},ou=people,${BASE}`;
const group = (cn: string) => `cn=${cn},ou=groups,${BASE}`;
const GHOST = person('ghost');
const PPOLICY = () => new Control('1.3.6.1.4.1.42.2.27.8.5.1');

let slapd: SlapdInstance;
let mock: MockServer;
let work: string;
const extraMocks: MockServer[] = [];

const configure = (ldif: string) => configureSlapd(slapd, ldif);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ldapmock-overlay-options-'));
  slapd = await startImageSlapd('bootstrap-overlay-options', BASE);
  await configure(
    'dn: cn=module{0},cn=config\nchangetype: modify\nadd: olcModuleLoad\nolcModuleLoad: memberof\nolcModuleLoad: ppolicy\n',
  );
  await applyFolder(slapd, FOLDER);
  mock = await startMockServer({ ldapsPort: null, bootstrap: { dirs: [FOLDER] } });
}, 180_000);

afterAll(async () => {
  await Promise.all([slapd?.stop(), mock?.stop(), ...extraMocks.map((m) => m.stop())]);
  rmSync(work, { recursive: true, force: true });
});

interface Target {
  readonly url: string;
  readonly rootPassword: string;
}
const real = (): Target => ({ url: slapd.url, rootPassword: slapd.rootPassword });
const mocked = (server = mock): Target => ({ url: server.url, rootPassword: 'admin' });

/**
 * Runs `script` with sessions on `target` (each opened as the given DN, or anonymous) and returns
 * every answer, by label, as the differential suite normalises them.
 */
async function observe(
  target: Target,
  script: (open: (dn?: string, password?: string) => Promise<ProbeSession>) => Promise<void>,
): Promise<Record<string, Observed>> {
  const seen: Record<string, Observed> = {};
  const connections: ProbeConnection[] = [];
  const open = async (dn?: string, password?: string) => {
    const connection = await ProbeConnection.open(target.url, { ca: slapd.caCertificate });
    connections.push(connection);
    const session = new ProbeSession(connection, (label, observed) => {
      seen[label] = observed;
    });
    if (dn !== undefined) await session.bind(`bind ${dn}`, dn, password ?? target.rootPassword);
    return session;
  };
  try {
    await script(open);
  } finally {
    await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
  }
  return seen;
}

const add = (type: string, ...values: string[]): Modification => ({ operation: 'add', type, values });
const replace = (type: string, ...values: string[]): Modification => ({ operation: 'replace', type, values });

describe('olcPPolicyUseLockout TRUE (and olcPPolicyForwardUpdates TRUE, on a provider)', () => {
  const binds = (target: Target) =>
    observe(target, async (open) => {
      const s = await open();
      await s.bind('carol (locked), right password, control', person('carol'), 'carol-password', [PPOLICY()]);
      await s.bind('carol, right password, no control', person('carol'), 'carol-password');
      await s.bind('carol, wrong password, control', person('carol'), 'wrong', [PPOLICY()]);
      await s.bind('dave, failure 1', person('dave'), 'wrong', [PPOLICY()]);
      await s.bind('dave, failure 2 (locks)', person('dave'), 'wrong', [PPOLICY()]);
      await s.bind('dave, right password once locked, control', person('dave'), 'dave-password', [PPOLICY()]);
      await s.bind('dave, right password once locked, no control', person('dave'), 'dave-password');
      const admin = await open(ROOT);
      await admin.search('dave: lockout recorded on this server', {
        base: person('dave'),
        scope: 'base',
        attributes: ['1.1'],
        filter: '(&(pwdAccountLockedTime=*)(pwdFailureTime=*))',
      });
    });

  it("a locked account's bind answers 49 with accountLocked in the control it asked for; the bind that locks does not", async () => {
    const fromSlapd = await binds(real());
    const locked = {
      code: 49,
      diagnostic: '',
      matchedDN: '',
      controls: [
        { oid: '1.3.6.1.4.1.42.2.27.8.5.1', critical: false, ppolicy: { error: '1 accountLocked' } },
      ],
    };
    const bare49 = { code: 49, diagnostic: '', matchedDN: '' };
    expect(fromSlapd).toMatchObject({
      'carol (locked), right password, control': locked,
      'carol, right password, no control': bare49,
      'carol, wrong password, control': locked,
      'dave, failure 2 (locks)': { ...bare49, controls: [{ ppolicy: {} }] },
      'dave, right password once locked, control': locked,
      'dave, right password once locked, no control': bare49,
      // Forwarding updates changes nothing on a provider: the failures are written here.
      'dave: lockout recorded on this server': { count: 1 },
    });
    expect(await binds(mocked())).toEqual(fromSlapd);
  });
});

describe('olcMemberOfMemberOfAD: isMemberOf, a user attribute of the folder’s schema', () => {
  const groups = (target: Target) =>
    observe(target, async (open) => {
      const admin = await open(ROOT);
      const people = { base: `ou=people,${BASE}`, filter: '(|(uid=alice)(uid=bob))' };
      await admin.search('with *: isMemberOf only where groupAware allows it', {
        ...people,
        attributes: ['*'],
      });
      await admin.search('memberOf is not maintained', { ...people, attributes: ['memberOf'] });
      await admin.search('(isMemberOf=staff)', {
        base: BASE,
        filter: `(isMemberOf=${group('staff')})`,
        attributes: ['1.1'],
      });
      await admin.add('add crew (alice, bob)', group('crew'), {
        objectClass: 'groupOfNames',
        cn: 'crew',
        member: [person('alice'), person('bob')],
      });
      await admin.search('after crew', { ...people, attributes: ['isMemberOf'] });
      await admin.modify('alice stores a value of her own', person('alice'), [
        add('isMemberOf', `cn=elsewhere,${BASE}`),
      ]);
      await admin.del('delete crew', group('crew'));
      await admin.search('after crew is gone', { ...people, attributes: ['isMemberOf'] });
    });

  it('holds the groups where the entry may hold it, beside the values stored in it', async () => {
    const fromSlapd = await groups(real());
    expect(fromSlapd['after crew']).toMatchObject({
      entries: {
        // Values as normalise.ts sorts them.
        [person('alice')]: { isMemberOf: [group('crew'), group('staff')] },
        [person('bob')]: {},
      },
    });
    expect(fromSlapd['after crew is gone']).toMatchObject({
      entries: { [person('alice')]: { isMemberOf: [`cn=elsewhere,${BASE}`, group('staff')] } },
    });
    expect(await groups(mocked())).toEqual(fromSlapd);
  });
});

/** Group writes naming entries that do not exist, and what the groups hold after them. */
const danglingWrites = (prefix: string) => (target: Target) =>
  observe(target, async (open) => {
    const admin = await open(ROOT);
    const g = (name: string) => group(`${prefix}-${name}`);
    const groupOf = (name: string, ...members: string[]) => ({
      objectClass: 'groupOfNames',
      cn: `${prefix}-${name}`,
      member: members,
    });
    await admin.add('add: one member missing', g('mixed'), groupOf('mixed', person('alice'), GHOST));
    await admin.add('add: every member missing', g('ghosts'), groupOf('ghosts', GHOST));
    await admin.add('add: the group as its own member', g('self'), groupOf('self', g('self')));
    await admin.add('add: existing members', g('ok'), groupOf('ok', person('alice')));
    await admin.modify('modify add: missing', g('ok'), [add('member', GHOST)]);
    await admin.modify('modify add: outside the naming context', g('ok'), [
      add('member', 'cn=x,dc=elsewhere'),
    ]);
    await admin.modify('modify replace: every value missing', g('ok'), [replace('member', GHOST)]);
    await admin.modify('modify replace: one missing', g('ok'), [replace('member', GHOST, person('bob'))]);
    await admin.modify('modify: missing member and a description', g('ok'), [
      add('member', person('ghost2')),
      replace('description', 'changed'),
    ]);
    await admin.add('add: missing member under a missing parent', `cn=x,ou=nowhere,${BASE}`, {
      objectClass: 'groupOfNames',
      cn: 'x',
      member: GHOST,
    });
    await admin.modify('modify: a group that does not exist', g('none'), [add('member', GHOST)]);
    const alice = await open(person('alice'), 'alice-password');
    await alice.modify('modify by a user without write access', g('ok'), [add('member', GHOST)]);
    await admin.search('the groups after', {
      base: `ou=groups,${BASE}`,
      filter: `(cn=${prefix}-*)`,
      attributes: ['member', 'description'],
    });
  });

describe('olcMemberOfDangling', () => {
  it('error, with olcMemberOfDanglingError unwillingToPerform: 53 "adding non-existing object as group member", before existence, place and access', async () => {
    const writes = danglingWrites('error');
    const fromSlapd = await writes(real());
    const refused = { code: 53, diagnostic: 'adding non-existing object as group member', matchedDN: '' };
    expect(fromSlapd).toMatchObject({
      'add: one member missing': refused,
      'add: the group as its own member': refused,
      'modify add: outside the naming context': refused,
      'modify replace: one missing': refused,
      'add: missing member under a missing parent': refused,
      'modify: a group that does not exist': { code: 32 },
      'modify by a user without write access': refused,
    });
    expect(await writes(mocked())).toEqual(fromSlapd);
  });

  for (const mode of ['drop', 'ignore'] as const) {
    it(`${mode}, switched on both servers`, async () => {
      await configure(
        `dn: olcOverlay={0}memberof,olcDatabase={1}mdb,cn=config\nchangetype: modify\nreplace: olcMemberOfDangling\nolcMemberOfDangling: ${mode}\n`,
      );
      const copy = join(work, `folder-${mode}`);
      cpSync(FOLDER, copy, { recursive: true });
      const overlays = join(copy, '02-overlays.ldif');
      writeFileSync(
        overlays,
        readFileSync(overlays, 'utf8').replace('olcMemberOfDangling: error', `olcMemberOfDangling: ${mode}`),
      );
      const server = await startMockServer({ ldapsPort: null, bootstrap: { dirs: [copy] } });
      extraMocks.push(server);
      const writes = danglingWrites(mode);
      const fromSlapd = await writes(real());
      if (mode === 'drop') {
        expect(fromSlapd).toMatchObject({
          'add: one member missing': { code: 0 },
          // Dropping every member leaves groupOfNames without its required attribute.
          'add: every member missing': {
            code: 65,
            diagnostic: "object class 'groupOfNames' requires attribute 'member'",
          },
          'modify replace: every value missing': { code: 0 },
          'the groups after': {
            entries: {
              [group('drop-mixed')]: { member: [person('alice')] },
              [group('drop-ok')]: { member: [person('bob')], description: ['changed'] },
            },
          },
        });
      } else {
        expect(fromSlapd['the groups after']).toMatchObject({
          entries: { [group('ignore-mixed')]: { member: [person('alice'), GHOST] } },
        });
      }
      expect(await writes(mocked(server))).toEqual(fromSlapd);
    });
  }
});
