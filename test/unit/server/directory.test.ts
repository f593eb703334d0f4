import { performance } from 'node:perf_hooks';
import { beforeEach, describe, expect, it } from 'vitest';
import { normalizeDN } from '../../../src/core/dn-normalize.js';
import { LdapResultError, ResultCode } from '../../../src/core/result-code.js';
import { Directory } from '../../../src/server/directory/directory.js';
import type {
  ChangeEvent,
  DirectoryChange,
  NewAttribute,
} from '../../../src/server/directory/directory-changes.js';
import type { Entry } from '../../../src/server/directory/entry.js';
import { Schema } from '../../../src/server/directory/schema.js';
import { openldapSchema } from '../../../src/server/directory/schema-openldap.js';
import type { StorageRules } from '../../../src/server/directory/storage-rules.js';
import { DirectoryViolation } from '../../../src/server/directory/violation.js';
import type { AttributeValue } from '../../../src/server/operations.js';
import { slapdViolation } from '../../../src/server/profiles/slapd-violations.js';

const schema = new Schema(openldapSchema);

const ROOT = 'dc=example,dc=com';
const PEOPLE = `ou=People,${ROOT}`;
const GROUPS = `ou=Groups,${ROOT}`;
const ALICE = `uid=alice,${PEOPLE}`;
const BOB = `uid=bob,${PEOPLE}`;
const READERS = `cn=readers,${GROUPS}`;

function attrs(record: Record<string, AttributeValue | AttributeValue[]>): NewAttribute[] {
  return Object.entries(record).map(([type, v]) => ({ type, values: Array.isArray(v) ? v : [v] }));
}

/**
 * What `action` refuses, as slapd answers it (the directory's violation in slapd's words, see
 * profiles/slapd-violations.ts), or the LdapResultError a validate callback threw. Fails the test
 * when it throws anything else or nothing.
 */
function ldapError(action: () => unknown): { code: number; diagnosticMessage: string; matchedDN: string } {
  try {
    action();
  } catch (error) {
    if (error instanceof LdapResultError) return error;
    expect(error).toBeInstanceOf(DirectoryViolation);
    const { code, message, matchedDN } = slapdViolation((error as DirectoryViolation).violation);
    return { code, diagnosticMessage: message, matchedDN: matchedDN ?? '' };
  }
  throw new Error('expected a refusal, but nothing was thrown');
}

/** A small tree: the suffix, People with alice and bob, Groups with readers. */
function populated(storage?: StorageRules): Directory {
  const directory = new Directory(schema, storage);
  directory.add(ROOT, attrs({ objectClass: ['dcObject', 'organization'], o: 'Example' }), {
    allowRoot: true,
  });
  directory.add(PEOPLE, attrs({ objectClass: 'organizationalUnit' }));
  directory.add(GROUPS, attrs({ objectClass: 'organizationalUnit' }));
  directory.add(
    ALICE,
    attrs({
      objectClass: ['inetOrgPerson', 'posixAccount'],
      cn: 'Alice Liddell',
      sn: 'Liddell',
      mail: 'alice@example.com',
      uidNumber: '1000',
      gidNumber: '100',
      homeDirectory: '/home/alice',
      description: ['first', 'second'],
    }),
  );
  directory.add(
    BOB,
    attrs({ objectClass: 'inetOrgPerson', cn: 'Bob', sn: 'Builder', mail: 'bob@example.com' }),
  );
  directory.add(READERS, attrs({ objectClass: 'groupOfNames', member: ALICE }));
  return directory;
}

function values(entry: Entry | undefined, key: string): AttributeValue[] | undefined {
  const attribute = entry?.get(key);
  return attribute ? [...attribute.values] : undefined;
}

function dnsIn(directory: Directory, base: string, scope: 'base' | 'one' | 'sub'): string[] {
  return [...directory.scope(normalizeDN(base), scope)].map((e) => e.dn);
}

function lookupSet(directory: Directory, key: string, value: string): string[] {
  return [...directory.lookup(key, value)].sort();
}

/** Every (key, value) index answer agrees with a scan of the entries. */
function expectIndexConsistent(directory: Directory, key: string): void {
  const expected = new Map<string, Set<string>>();
  for (const entry of directory.all()) {
    for (const value of entry.get(key)?.values ?? []) {
      const normalized = directory.normalizeValue(key, value)!;
      if (!expected.has(normalized)) expected.set(normalized, new Set());
      expected.get(normalized)!.add(entry.ndn);
    }
  }
  for (const entry of directory.all()) {
    for (const value of entry.get(key)?.values ?? []) {
      const normalized = directory.normalizeValue(key, value)!;
      expect([...directory.lookup(key, value)].sort()).toStrictEqual([...expected.get(normalized)!].sort());
    }
  }
}

describe('Directory.add', () => {
  it('needs the parent unless allowRoot is given, and reports the closest ancestor', () => {
    const directory = populated();
    const error = ldapError(() => directory.add(`uid=carol,ou=Nowhere,${ROOT}`, attrs({ cn: 'Carol' })));
    expect(error.code).toBe(ResultCode.noSuchObject);
    expect(error.matchedDN).toBe(ROOT);
    expect(directory.get(`uid=carol,ou=Nowhere,${ROOT}`)).toBeUndefined();

    const orphan = directory.add('o=Elsewhere,c=US', attrs({ objectClass: 'organization' }), {
      allowRoot: true,
    });
    expect(orphan.parent).toBe('');
    expect(directory.roots().map((e) => e.ndn)).toContain('o=elsewhere,c=us');
  });

  it('links a child to its parent and refuses the root DSE and invalid DNs', () => {
    const directory = populated();
    expect(directory.get(ALICE)?.parent).toBe(normalizeDN(PEOPLE));
    expect(ldapError(() => directory.add('', [], { allowRoot: true })).code).toBe(
      ResultCode.unwillingToPerform,
    );
    expect(ldapError(() => directory.add('not a dn', [])).code).toBe(ResultCode.invalidDNSyntax);
  });

  it.each([
    ['the same spelling', ALICE],
    ['another case', 'UID=ALICE,OU=PEOPLE,DC=EXAMPLE,DC=COM'],
    ['spaces after the commas', 'uid=alice, ou=people, dc=example, dc=com'],
    ['a hex escape', 'uid=\\61lice,ou=People,dc=example,dc=com'],
    ['upper-case types', 'UID=alice,OU=People,DC=example,DC=com'],
    ['a #hex BER value', 'uid=#1605616c696365,ou=People,dc=example,dc=com'],
  ])('refuses a duplicate DN written with %s (68)', (_how, dn) => {
    const directory = populated();
    const before = directory.get(ALICE);
    expect(ldapError(() => directory.add(dn, attrs({ cn: 'x' }))).code).toBe(ResultCode.entryAlreadyExists);
    expect(directory.get(ALICE)).toBe(before);
  });

  it('adds the RDN values that the attributes lack, and no duplicate of those present', () => {
    const directory = populated();
    const carol = directory.add(`uid=carol,${PEOPLE}`, attrs({ objectClass: 'inetOrgPerson' }));
    expect(values(carol, 'uid')).toStrictEqual(['carol']);
    const dave = directory.add(`uid=Dave,${PEOPLE}`, attrs({ uid: 'dave' }));
    expect(values(dave, 'uid')).toStrictEqual(['dave']);
    const multi = directory.add(`cn=Eve+sn=Smith,${PEOPLE}`, attrs({ sn: 'Jones' }));
    expect(values(multi, 'cn')).toStrictEqual(['Eve']);
    expect(values(multi, 'sn')).toStrictEqual(['Jones', 'Smith']);
  });

  it('keeps binary-syntax values as Buffers and turns valid UTF-8 Buffers into strings', () => {
    const directory = populated();
    const entry = directory.add(
      `uid=carol,${PEOPLE}`,
      attrs({
        jpegPhoto: 'not really a jpeg',
        userPassword: Buffer.from('secret'),
        audio: Buffer.from([0xff, 0x00]),
        description: Buffer.from('café', 'utf8'),
        cn: Buffer.from([0xff, 0xfe]),
        'userCertificate;binary': Buffer.from([0x30, 0x00]),
      }),
    );
    expect(values(entry, 'jpegphoto')).toStrictEqual([Buffer.from('not really a jpeg')]);
    expect(values(entry, 'userpassword')).toStrictEqual([Buffer.from('secret')]);
    expect(values(entry, 'audio')).toStrictEqual([Buffer.from([0xff, 0x00])]);
    expect(values(entry, 'description')).toStrictEqual(['café']);
    expect(values(entry, 'cn')).toStrictEqual([Buffer.from([0xff, 0xfe])]);
    expect(values(entry, 'usercertificate')).toStrictEqual([Buffer.from([0x30, 0x00])]);
  });

  it('refuses duplicate values, empty attributes and values invalid for the syntax', () => {
    const directory = populated();
    const dn = `uid=carol,${PEOPLE}`;
    const duplicate = ldapError(() => directory.add(dn, attrs({ cn: ['Carol', 'CAROL'] })));
    expect(duplicate.code).toBe(ResultCode.attributeOrValueExists);
    expect(duplicate.diagnosticMessage).toBe('cn: value #1 provided more than once');
    const empty = ldapError(() => directory.add(dn, [{ type: 'cn', values: [] }]));
    expect(empty.code).toBe(ResultCode.protocolError);
    expect(ldapError(() => directory.add(dn, attrs({ uidNumber: 'abc' }))).code).toBe(
      ResultCode.invalidAttributeSyntax,
    );
    expect(ldapError(() => directory.add(dn, attrs({ uidNumber: ['1', '2'] }))).code).toBe(
      ResultCode.constraintViolation,
    );
    expect(directory.get(dn)).toBeUndefined();
  });

  it('lets validate see the entry as stored and refuse it', () => {
    const directory = populated();
    let seen: Entry | undefined;
    const refusal = new LdapResultError(ResultCode.objectClassViolation, 'no');
    expect(
      ldapError(() =>
        directory.add(`uid=carol,${PEOPLE}`, attrs({ cn: 'Carol' }), {
          validate: (entry) => {
            seen = entry;
            throw refusal;
          },
        }),
      ),
    ).toBe(refusal);
    expect(values(seen, 'uid')).toStrictEqual(['carol']);
    expect(directory.get(`uid=carol,${PEOPLE}`)).toBeUndefined();
  });
});

describe('one-value object classes and stamps shared with the entry written before', () => {
  it('two entries in a row with the same objectClass share it; a change to one leaves the other as it was', () => {
    const directory = populated();
    const [carol, dave] = [`uid=carol,${PEOPLE}`, `uid=dave,${PEOPLE}`];
    directory.add(carol, attrs({ objectClass: 'inetOrgPerson', cn: 'Carol', sn: 'C' }));
    directory.add(dave, attrs({ objectClass: 'inetOrgPerson', cn: 'Dave', sn: 'D' }));
    expect(directory.get(dave)!.get('objectclass')).toBe(directory.get(carol)!.get('objectclass'));
    expect(Object.isFrozen(directory.get(carol)!.get('objectclass')!.values)).toBe(true);
    directory.modify(carol, [{ operation: 'add', type: 'objectClass', values: ['posixAccount'] }]);
    expect(values(directory.get(carol), 'objectclass')).toStrictEqual(['inetOrgPerson', 'posixAccount']);
    expect(values(directory.get(dave), 'objectclass')).toStrictEqual(['inetOrgPerson']);
  });
});

describe('Directory.get and matchedDN', () => {
  const directory = populated();

  it.each([
    ALICE,
    'UID=ALICE,OU=PEOPLE,DC=EXAMPLE,DC=COM',
    'uid=alice , ou=People , dc=example , dc=com',
    'uid=\\41lice,ou=\\50eople,dc=example,dc=com',
    'uid=#1605616c696365,ou=People,dc=example,dc=com',
  ])('finds the entry as %s', (dn) => {
    expect(directory.get(dn)?.dn).toBe(ALICE);
  });

  it('returns undefined for absent entries and invalid DNs', () => {
    expect(directory.get(`uid=zed,${PEOPLE}`)).toBeUndefined();
    expect(directory.get('garbage')).toBeUndefined();
    expect(directory.get('')).toBeUndefined();
  });

  it('matchedDN is the stored DN of the closest existing ancestor-or-self', () => {
    expect(directory.matchedDN(`uid=zed,OU=PEOPLE,${ROOT}`)).toBe(PEOPLE);
    expect(directory.matchedDN('UID=ALICE,ou=people,dc=example,dc=com')).toBe(ALICE);
    expect(directory.matchedDN('dc=other,dc=org')).toBe('');
    expect(directory.matchedDN('garbage')).toBe('');
  });

  it('attributeKey is the canonical name with options other than binary, sorted', () => {
    expect(directory.attributeKey('commonName')).toBe('cn');
    expect(directory.attributeKey('CN;Lang-EN')).toBe('cn;lang-en');
    expect(directory.attributeKey('cn;lang-en;binary')).toBe('cn;lang-en');
    expect(directory.attributeKey('cn;x-b;x-a')).toBe('cn;x-a;x-b');
    expect(directory.attributeKey('userCertificate;binary')).toBe('usercertificate');
    expect(directory.attributeKey('2.5.4.3')).toBe('cn');
    expect(directory.attributeKey('someUnknownThing')).toBe('someunknownthing');
  });
});

describe('Directory.modify', () => {
  let directory: Directory;
  beforeEach(() => {
    directory = populated();
  });

  function change(operation: DirectoryChange['operation'], type: string, ...vals: string[]) {
    return { operation, type, values: vals };
  }

  it('applies all changes or none: a failing third change leaves entry and indexes as they were', () => {
    // Build the indexes first so that a half-applied change would show in them.
    expect(lookupSet(directory, 'mail', 'alice@example.com')).toStrictEqual([normalizeDN(ALICE)]);
    expect(lookupSet(directory, 'description', 'first')).toStrictEqual([normalizeDN(ALICE)]);
    const before = directory.get(ALICE);
    const generation = directory.snapshot().generation;
    const events: ChangeEvent[] = [];
    directory.onChange((event) => events.push(event));

    const error = ldapError(() =>
      directory.modify(ALICE, [
        change('replace', 'mail', 'alice@new.example.com'),
        change('delete', 'description', 'first'),
        change('delete', 'sn', 'NotHerName'),
        change('add', 'title', 'Queen'),
      ]),
    );

    expect(error.code).toBe(ResultCode.noSuchAttribute);
    expect(directory.get(ALICE)).toBe(before);
    expect(values(directory.get(ALICE), 'mail')).toStrictEqual(['alice@example.com']);
    expect(values(directory.get(ALICE), 'description')).toStrictEqual(['first', 'second']);
    expect(directory.get(ALICE)?.get('title')).toBeUndefined();
    expect(lookupSet(directory, 'mail', 'alice@example.com')).toStrictEqual([normalizeDN(ALICE)]);
    expect(lookupSet(directory, 'mail', 'alice@new.example.com')).toStrictEqual([]);
    expect(lookupSet(directory, 'description', 'first')).toStrictEqual([normalizeDN(ALICE)]);
    expect(directory.snapshot().generation).toBe(generation);
    expect(events).toStrictEqual([]);
  });

  it('a refusal by validate leaves the entry unchanged', () => {
    const before = directory.get(ALICE);
    const error = ldapError(() =>
      directory.modify(ALICE, [change('replace', 'mail', 'x@example.com')], () => {
        throw new LdapResultError(ResultCode.objectClassViolation, 'refused');
      }),
    );
    expect(error.code).toBe(ResultCode.objectClassViolation);
    expect(directory.get(ALICE)).toBe(before);
    expect(lookupSet(directory, 'mail', 'x@example.com')).toStrictEqual([]);
  });

  it('add appends values and keeps the entry immutable', () => {
    const before = directory.get(ALICE)!;
    const after = directory.modify(ALICE, [change('add', 'description', 'third', 'fourth')]);
    expect(values(after, 'description')).toStrictEqual(['first', 'second', 'third', 'fourth']);
    expect(values(before, 'description')).toStrictEqual(['first', 'second']);
    expect(directory.get(ALICE)).toBe(after);
    const added = directory.modify(ALICE, [change('add', 'title', 'Queen')]);
    expect(added.get('title')).toStrictEqual({ type: 'title', values: ['Queen'] });
  });

  it('add refuses existing values (20), no values (2), a second single value (19) and bad syntax (21)', () => {
    const exists = ldapError(() => directory.modify(ALICE, [change('add', 'description', 'FIRST')]));
    expect(exists.code).toBe(ResultCode.attributeOrValueExists);
    expect(exists.diagnosticMessage).toBe('modify/add: description: value #0 already exists');
    const twice = ldapError(() => directory.modify(ALICE, [change('add', 'description', 'x', 'X')]));
    expect(twice.code).toBe(ResultCode.attributeOrValueExists);
    const none = ldapError(() => directory.modify(ALICE, [change('add', 'description')]));
    expect(none.code).toBe(ResultCode.protocolError);
    expect(none.diagnosticMessage).toBe('modify/add: description: no values given');
    const single = ldapError(() => directory.modify(ALICE, [change('add', 'uidNumber', '1001')]));
    expect(single.code).toBe(ResultCode.constraintViolation);
    const syntax = ldapError(() =>
      directory.modify(ALICE, [change('add', 'gecos', 'x'), change('add', 'shadowMin', 'z')]),
    );
    expect(syntax.code).toBe(ResultCode.invalidAttributeSyntax);
    expect(syntax.diagnosticMessage).toBe('shadowMin: value #0 invalid per syntax');
  });

  it('delete removes values by the equality rule, or the whole attribute', () => {
    const one = directory.modify(ALICE, [change('delete', 'description', 'FIRST')]);
    expect(values(one, 'description')).toStrictEqual(['second']);
    const last = directory.modify(ALICE, [change('delete', 'description', 'second')]);
    expect(last.get('description')).toBeUndefined();
    const whole = directory.modify(ALICE, [change('delete', 'mail')]);
    expect(whole.get('mail')).toBeUndefined();
  });

  it('delete of an absent attribute or value is noSuchAttribute (16)', () => {
    const attribute = ldapError(() => directory.modify(ALICE, [change('delete', 'title')]));
    expect(attribute.code).toBe(ResultCode.noSuchAttribute);
    expect(attribute.diagnosticMessage).toBe('modify/delete: title: no such attribute');
    const value = ldapError(() => directory.modify(ALICE, [change('delete', 'description', 'third')]));
    expect(value.code).toBe(ResultCode.noSuchAttribute);
    expect(value.diagnosticMessage).toBe('modify/delete: description: no such value');
  });

  it('replace sets the values, and with none removes the attribute (absent or not)', () => {
    const replaced = directory.modify(ALICE, [change('replace', 'description', 'only')]);
    expect(values(replaced, 'description')).toStrictEqual(['only']);
    const removed = directory.modify(ALICE, [change('replace', 'description')]);
    expect(removed.get('description')).toBeUndefined();
    const absent = directory.modify(ALICE, [change('replace', 'title')]);
    expect(absent.get('title')).toBeUndefined();
    const created = directory.modify(ALICE, [change('replace', 'title', 'Queen')]);
    expect(values(created, 'title')).toStrictEqual(['Queen']);
  });

  it('replace refuses duplicates (20) and several values of a single-valued type (19)', () => {
    expect(ldapError(() => directory.modify(ALICE, [change('replace', 'cn', 'a', 'A')])).code).toBe(
      ResultCode.attributeOrValueExists,
    );
    expect(ldapError(() => directory.modify(ALICE, [change('replace', 'uidNumber', '1', '2')])).code).toBe(
      ResultCode.constraintViolation,
    );
  });

  it('increment adds to every value, negative steps included', () => {
    expect(
      values(directory.modify(ALICE, [change('increment', 'uidNumber', '5')]), 'uidnumber'),
    ).toStrictEqual(['1005']);
    expect(
      values(directory.modify(ALICE, [change('increment', 'uidNumber', '-1010')]), 'uidnumber'),
    ).toStrictEqual(['-5']);
    expect(lookupSet(directory, 'uidnumber', '-5')).toStrictEqual([normalizeDN(ALICE)]);
  });

  it('increment refuses an absent attribute (16), a non-integer value (19) and no step (2)', () => {
    expect(ldapError(() => directory.modify(ALICE, [change('increment', 'shadowMin', '1')])).code).toBe(
      ResultCode.noSuchAttribute,
    );
    expect(ldapError(() => directory.modify(ALICE, [change('increment', 'cn', '1')])).code).toBe(
      ResultCode.constraintViolation,
    );
    expect(ldapError(() => directory.modify(ALICE, [change('increment', 'uidNumber')])).code).toBe(
      ResultCode.protocolError,
    );
    expect(ldapError(() => directory.modify(ALICE, [change('increment', 'uidNumber', '1', '2')])).code).toBe(
      ResultCode.protocolError,
    );
  });

  it('refuses to remove a naming value (64) and an absent entry (32)', () => {
    const naming = ldapError(() => directory.modify(ALICE, [change('delete', 'uid', 'alice')]));
    expect(naming.code).toBe(ResultCode.namingViolation);
    expect(naming.diagnosticMessage).toBe("naming attribute 'uid' is not present in entry");
    const missing = ldapError(() => directory.modify(`uid=zed,${PEOPLE}`, [change('add', 'cn', 'x')]));
    expect(missing.code).toBe(ResultCode.noSuchObject);
    expect(missing.matchedDN).toBe(PEOPLE);
    expect(ldapError(() => directory.modify('garbage', [])).code).toBe(ResultCode.invalidDNSyntax);
  });

  it('finds the entry by any spelling of its DN and emits one modify event', () => {
    const events: ChangeEvent[] = [];
    directory.onChange((event) => events.push(event));
    const before = directory.get(ALICE)!;
    const after = directory.modify('UID=Alice,OU=people,DC=example,DC=com', [
      change('add', 'title', 'Queen'),
    ]);
    expect(after.dn).toBe(ALICE);
    expect(events).toStrictEqual([{ kind: 'modify', before, after }]);
  });
});

describe('Directory.delete', () => {
  it('deletes a leaf, updating scopes and indexes', () => {
    const directory = populated();
    expect(lookupSet(directory, 'mail', 'bob@example.com')).toStrictEqual([normalizeDN(BOB)]);
    const deleted = directory.delete('UID=BOB,ou=people,dc=example,dc=com');
    expect(deleted.dn).toBe(BOB);
    expect(directory.get(BOB)).toBeUndefined();
    expect(dnsIn(directory, PEOPLE, 'one')).toStrictEqual([ALICE]);
    expect(lookupSet(directory, 'mail', 'bob@example.com')).toStrictEqual([]);
  });

  it('refuses a non-leaf (66) and an absent entry (32)', () => {
    const directory = populated();
    const nonLeaf = ldapError(() => directory.delete(PEOPLE));
    expect(nonLeaf.code).toBe(ResultCode.notAllowedOnNonLeaf);
    expect(directory.get(PEOPLE)).toBeDefined();
    const missing = ldapError(() => directory.delete(`uid=zed,${PEOPLE}`));
    expect(missing.code).toBe(ResultCode.noSuchObject);
    expect(missing.matchedDN).toBe(PEOPLE);
  });

  it('allows deleting a parent once its children are gone', () => {
    const directory = populated();
    directory.delete(ALICE);
    directory.delete(BOB);
    expect(directory.hasChildren(normalizeDN(PEOPLE))).toBe(false);
    directory.delete(PEOPLE);
    expect(directory.get(PEOPLE)).toBeUndefined();
  });
});

describe('Directory.rename', () => {
  it('renames a leaf and, with deleteOldRDN, drops the old naming value', () => {
    const directory = populated();
    expect(lookupSet(directory, 'uid', 'alice')).toStrictEqual([normalizeDN(ALICE)]);
    const renamed = directory.rename(ALICE, 'uid=alicia', true);
    expect(renamed.dn).toBe(`uid=alicia,${PEOPLE}`);
    expect(renamed.parent).toBe(normalizeDN(PEOPLE));
    expect(values(renamed, 'uid')).toStrictEqual(['alicia']);
    expect(values(renamed, 'mail')).toStrictEqual(['alice@example.com']);
    expect(directory.get(ALICE)).toBeUndefined();
    expect(directory.get(`UID=ALICIA,${PEOPLE}`)).toBe(renamed);
    expect(lookupSet(directory, 'uid', 'alice')).toStrictEqual([]);
    expect(lookupSet(directory, 'uid', 'alicia')).toStrictEqual([renamed.ndn]);
    expect(lookupSet(directory, 'mail', 'alice@example.com')).toStrictEqual([renamed.ndn]);
    expect(dnsIn(directory, PEOPLE, 'one').sort()).toStrictEqual([BOB, `uid=alicia,${PEOPLE}`].sort());
  });

  it('without deleteOldRDN keeps the old naming value', () => {
    const directory = populated();
    const renamed = directory.rename(ALICE, 'uid=alicia', false);
    expect(values(renamed, 'uid')).toStrictEqual(['alice', 'alicia']);
  });

  it('can change the naming attribute', () => {
    const directory = populated();
    const renamed = directory.rename(ALICE, 'cn=Alice Liddell', true);
    expect(renamed.dn).toBe(`cn=Alice Liddell,${PEOPLE}`);
    expect(renamed.get('uid')).toBeUndefined();
    expect(values(renamed, 'cn')).toStrictEqual(['Alice Liddell']);
  });

  it('moves a whole subtree under a new superior; children follow in every index', () => {
    const directory = populated();
    // Build the lazy indexes before the move.
    expect(dnsIn(directory, PEOPLE, 'one')).toHaveLength(2);
    expect(lookupSet(directory, 'mail', 'alice@example.com')).toStrictEqual([normalizeDN(ALICE)]);
    const events: ChangeEvent[] = [];
    directory.onChange((event) => events.push(event));

    const moved = directory.rename(PEOPLE, 'ou=Staff', true, 'OU=GROUPS,DC=EXAMPLE,DC=COM');

    const staff = `ou=Staff,${GROUPS}`;
    expect(moved.dn).toBe(staff);
    expect(moved.parent).toBe(normalizeDN(GROUPS));
    expect(values(moved, 'ou')).toStrictEqual(['Staff']);
    expect(directory.get(PEOPLE)).toBeUndefined();
    expect(directory.get(ALICE)).toBeUndefined();
    const alice = directory.get(`uid=alice,${staff}`);
    expect(alice?.dn).toBe(`uid=alice,${staff}`);
    expect(alice?.parent).toBe(normalizeDN(staff));
    expect(values(alice, 'mail')).toStrictEqual(['alice@example.com']);
    expect(dnsIn(directory, staff, 'one').sort()).toStrictEqual(
      [`uid=alice,${staff}`, `uid=bob,${staff}`].sort(),
    );
    expect(dnsIn(directory, PEOPLE, 'sub')).toStrictEqual([]);
    expect(dnsIn(directory, GROUPS, 'one').sort()).toStrictEqual([READERS, staff].sort());
    expect(directory.hasChildren(normalizeDN(PEOPLE))).toBe(false);
    expect(directory.hasChildren(normalizeDN(staff))).toBe(true);
    expect(lookupSet(directory, 'mail', 'alice@example.com')).toStrictEqual([
      normalizeDN(`uid=alice,${staff}`),
    ]);
    expect(lookupSet(directory, 'ou', 'people')).toStrictEqual([]);
    expect(lookupSet(directory, 'ou', 'staff')).toStrictEqual([normalizeDN(staff)]);
    expect(events).toHaveLength(1);
    expect(events[0]?.kind).toBe('rename');
    expect(directory.size).toBe(6);
    // The moved children can be written to and deleted at their new place.
    directory.modify(`uid=bob,${staff}`, [{ operation: 'add', type: 'title', values: ['Builder'] }]);
    directory.delete(`uid=bob,${staff}`);
    expect(dnsIn(directory, staff, 'one')).toStrictEqual([`uid=alice,${staff}`]);
  });

  it('a fresh directory agrees with the renamed one (no stale cached index)', () => {
    const directory = populated();
    directory.rename(PEOPLE, 'ou=Staff', true, GROUPS);
    const staff = `ou=Staff,${GROUPS}`;
    const rebuilt = new Directory(schema);
    rebuilt.replaceWith(directory);
    for (const base of [ROOT, GROUPS, staff]) {
      expect(dnsIn(directory, base, 'sub').sort()).toStrictEqual(dnsIn(rebuilt, base, 'sub').sort());
    }
    expectIndexConsistent(directory, 'mail');
    expectIndexConsistent(directory, 'uid');
  });

  it('refuses an existing target (68), a move below itself (53), a missing superior (32), a bad RDN (34)', () => {
    const directory = populated();
    expect(ldapError(() => directory.rename(ALICE, 'UID=BOB', true)).code).toBe(
      ResultCode.entryAlreadyExists,
    );
    expect(ldapError(() => directory.rename(PEOPLE, 'ou=Sub', true, ALICE)).code).toBe(
      ResultCode.unwillingToPerform,
    );
    expect(ldapError(() => directory.rename(ALICE, 'uid=a', true, `ou=Nowhere,${ROOT}`)).code).toBe(
      ResultCode.noSuchObject,
    );
    expect(ldapError(() => directory.rename(ALICE, 'uid=a,ou=x', true)).code).toBe(
      ResultCode.invalidDNSyntax,
    );
    expect(ldapError(() => directory.rename(ALICE, 'garbage', true)).code).toBe(ResultCode.invalidDNSyntax);
    expect(ldapError(() => directory.rename(`uid=zed,${PEOPLE}`, 'uid=a', true)).code).toBe(
      ResultCode.noSuchObject,
    );
    expect(directory.get(ALICE)).toBeDefined();
    expect(directory.size).toBe(6);
  });

  it('may rename an entry to another spelling of its own DN', () => {
    const directory = populated();
    const renamed = directory.rename(ALICE, 'UID=alice', false);
    expect(renamed.dn).toBe(`UID=alice,${PEOPLE}`);
    expect(values(renamed, 'uid')).toStrictEqual(['alice']);
    expect(directory.size).toBe(6);
  });
});

describe('Directory.scope', () => {
  const directory = populated();
  const all = [ROOT, PEOPLE, GROUPS, ALICE, BOB, READERS];

  it('base is the entry itself', () => {
    expect(dnsIn(directory, 'DC=EXAMPLE,DC=COM', 'base')).toStrictEqual([ROOT]);
  });

  it('one is the children, not the base nor grandchildren', () => {
    expect(dnsIn(directory, ROOT, 'one').sort()).toStrictEqual([GROUPS, PEOPLE].sort());
    expect(dnsIn(directory, PEOPLE, 'one').sort()).toStrictEqual([ALICE, BOB].sort());
    expect(dnsIn(directory, ALICE, 'one')).toStrictEqual([]);
  });

  it('sub is the whole subtree, base first, every parent before its children', () => {
    const order = dnsIn(directory, ROOT, 'sub');
    expect([...order].sort()).toStrictEqual([...all].sort());
    expect(order[0]).toBe(ROOT);
    const position = new Map(order.map((dn, i) => [normalizeDN(dn), i]));
    for (const dn of all.slice(1)) {
      const entry = directory.get(dn)!;
      expect(position.get(entry.parent)!).toBeLessThan(position.get(entry.ndn)!);
    }
    expect(dnsIn(directory, PEOPLE, 'sub')[0]).toBe(PEOPLE);
  });

  it('yields nothing for an absent base', () => {
    expect(dnsIn(directory, `ou=Nowhere,${ROOT}`, 'sub')).toStrictEqual([]);
  });

  it('keeps parents before children in a deep tree built out of order of depth', () => {
    const deep = new Directory(schema);
    deep.add('o=top', [], { allowRoot: true });
    let parent = 'o=top';
    for (let i = 0; i < 20; i++) {
      deep.add(`cn=side${i},${parent}`, []);
      parent = `ou=level${i},${parent}`;
      deep.add(parent, []);
    }
    const order = [...deep.scope('o=top', 'sub')];
    expect(order).toHaveLength(41);
    const seen = new Set<string>();
    for (const entry of order) {
      if (entry.parent !== '') expect(seen.has(entry.parent)).toBe(true);
      seen.add(entry.ndn);
    }
  });
});

describe('Directory.lookup', () => {
  it('finds entries by any spelling equal under the equality rule', () => {
    const directory = populated();
    expect(lookupSet(directory, 'mail', 'ALICE@EXAMPLE.COM')).toStrictEqual([normalizeDN(ALICE)]);
    expect(lookupSet(directory, 'cn', '  alice   liddell ')).toStrictEqual([normalizeDN(ALICE)]);
    expect(lookupSet(directory, 'member', 'UID=Alice, OU=People, DC=Example, DC=Com')).toStrictEqual([
      normalizeDN(READERS),
    ]);
    expect(lookupSet(directory, 'uidnumber', '1000')).toStrictEqual([normalizeDN(ALICE)]);
    expect(lookupSet(directory, 'uidnumber', '01000')).toStrictEqual([]);
    expect(lookupSet(directory, 'homedirectory', '/HOME/ALICE')).toStrictEqual([]);
    expect(lookupSet(directory, 'objectclass', 'INETORGPERSON')).toStrictEqual(
      [normalizeDN(ALICE), normalizeDN(BOB)].sort(),
    );
  });

  it('stays correct after adds, modifies, deletes and renames', () => {
    const directory = populated();
    expect(lookupSet(directory, 'sn', 'liddell')).toStrictEqual([normalizeDN(ALICE)]);
    directory.add(`uid=carol,${PEOPLE}`, attrs({ sn: 'Liddell' }));
    expect(lookupSet(directory, 'sn', 'LIDDELL')).toStrictEqual(
      [normalizeDN(ALICE), normalizeDN(`uid=carol,${PEOPLE}`)].sort(),
    );
    directory.modify(ALICE, [{ operation: 'replace', type: 'sn', values: ['Hargreaves'] }]);
    expect(lookupSet(directory, 'sn', 'liddell')).toStrictEqual([normalizeDN(`uid=carol,${PEOPLE}`)]);
    expect(lookupSet(directory, 'sn', 'hargreaves')).toStrictEqual([normalizeDN(ALICE)]);
    directory.rename(`uid=carol,${PEOPLE}`, 'uid=caroline', true, GROUPS);
    expect(lookupSet(directory, 'sn', 'liddell')).toStrictEqual([normalizeDN(`uid=caroline,${GROUPS}`)]);
    directory.delete(`uid=caroline,${GROUPS}`);
    expect(lookupSet(directory, 'sn', 'liddell')).toStrictEqual([]);
    expectIndexConsistent(directory, 'sn');
    expectIndexConsistent(directory, 'objectclass');
  });

  it('keys attributes with options separately', () => {
    const directory = populated();
    directory.modify(ALICE, [{ operation: 'add', type: 'cn;lang-fr', values: ['Alice Liddell'] }]);
    expect(lookupSet(directory, 'cn;lang-fr', 'alice liddell')).toStrictEqual([normalizeDN(ALICE)]);
    expect(lookupSet(directory, 'cn;lang-fr', 'bob')).toStrictEqual([]);
  });
});

describe('snapshot and restore', () => {
  it('undoes adds, modifies, deletes and renames', () => {
    const directory = populated();
    expect(lookupSet(directory, 'mail', 'alice@example.com')).toHaveLength(1);
    const snapshot = directory.snapshot();
    const aliceBefore = directory.get(ALICE);

    directory.add(`uid=carol,${PEOPLE}`, attrs({ mail: 'carol@example.com' }));
    directory.modify(ALICE, [{ operation: 'replace', type: 'mail', values: ['changed@example.com'] }]);
    directory.delete(BOB);
    directory.rename(PEOPLE, 'ou=Staff', true, GROUPS);
    expect(directory.get(ALICE)).toBeUndefined();

    directory.restore(snapshot);

    expect(directory.size).toBe(6);
    expect(directory.get(ALICE)).toBe(aliceBefore);
    expect(directory.get(BOB)).toBeDefined();
    expect(directory.get(`uid=carol,${PEOPLE}`)).toBeUndefined();
    expect(directory.get(`ou=Staff,${GROUPS}`)).toBeUndefined();
    expect(dnsIn(directory, PEOPLE, 'one').sort()).toStrictEqual([ALICE, BOB].sort());
    expect(dnsIn(directory, GROUPS, 'one')).toStrictEqual([READERS]);
    expect(lookupSet(directory, 'mail', 'alice@example.com')).toStrictEqual([normalizeDN(ALICE)]);
    expect(lookupSet(directory, 'mail', 'changed@example.com')).toStrictEqual([]);
    expect(lookupSet(directory, 'mail', 'carol@example.com')).toStrictEqual([]);
  });

  it('restores the same snapshot twice, with changes in between', () => {
    const directory = populated();
    const snapshot = directory.snapshot();
    directory.delete(BOB);
    directory.restore(snapshot);
    expect(directory.get(BOB)).toBeDefined();
    directory.modify(BOB, [{ operation: 'add', type: 'title', values: ['Builder'] }]);
    directory.add(`uid=carol,${PEOPLE}`, []);
    directory.restore(snapshot);
    expect(directory.get(BOB)?.get('title')).toBeUndefined();
    expect(directory.get(`uid=carol,${PEOPLE}`)).toBeUndefined();
    expect(directory.size).toBe(6);
    expect(dnsIn(directory, PEOPLE, 'one').sort()).toStrictEqual([ALICE, BOB].sort());
  });

  it('a snapshot is not affected by later writes', () => {
    const directory = populated();
    const snapshot = directory.snapshot();
    directory.add(`uid=carol,${PEOPLE}`, []);
    expect(snapshot.entries.size).toBe(6);
    expect(snapshot.entries.has(normalizeDN(`uid=carol,${PEOPLE}`))).toBe(false);
  });

  it('restoring a snapshot taken after the last write changes nothing', () => {
    const directory = populated();
    directory.delete(BOB);
    const snapshot = directory.snapshot();
    directory.restore(snapshot);
    expect(directory.get(BOB)).toBeUndefined();
    expect(directory.size).toBe(5);
  });

  it('restore is O(1) when nothing changed, and still exact after a change (50k entries)', () => {
    const directory = new Directory(schema);
    directory.add(ROOT, [], { allowRoot: true });
    directory.add(PEOPLE, []);
    for (let i = 0; i < 50_000; i++) {
      directory.add(`uid=user${i},${PEOPLE}`, [{ type: 'mail', values: [`user${i}@example.com`] }]);
    }
    const snapshot = directory.snapshot();

    const start = performance.now();
    directory.restore(snapshot);
    const elapsed = performance.now() - start;
    expect(elapsed).toBeLessThan(1);
    expect(directory.size).toBe(50_002);

    directory.modify(`uid=user7,${PEOPLE}`, [
      { operation: 'replace', type: 'mail', values: ['x@example.com'] },
    ]);
    directory.delete(`uid=user8,${PEOPLE}`);
    expect(lookupSet(directory, 'mail', 'x@example.com')).toHaveLength(1);
    directory.restore(snapshot);
    expect(directory.size).toBe(50_002);
    expect(values(directory.get(`uid=user7,${PEOPLE}`), 'mail')).toStrictEqual(['user7@example.com']);
    expect(directory.get(`uid=user8,${PEOPLE}`)).toBeDefined();
    expect(lookupSet(directory, 'mail', 'x@example.com')).toStrictEqual([]);
    expect(lookupSet(directory, 'mail', 'user7@example.com')).toStrictEqual([
      normalizeDN(`uid=user7,${PEOPLE}`),
    ]);
  });

  it('a snapshot of one directory restores into another', () => {
    const source = populated();
    const target = new Directory(schema);
    target.restore(source.snapshot());
    expect(target.size).toBe(6);
    expect(dnsIn(target, ROOT, 'sub')).toHaveLength(6);
    expect(lookupSet(target, 'mail', 'bob@example.com')).toStrictEqual([normalizeDN(BOB)]);
  });
});

describe('replaceWith', () => {
  it("takes over the other directory's entries and rebuilds the indexes", () => {
    const directory = populated();
    expect(lookupSet(directory, 'mail', 'alice@example.com')).toHaveLength(1);
    const before = directory.snapshot();
    const other = new Directory(schema);
    other.add('o=Other', [], { allowRoot: true });
    other.add('uid=zed,o=Other', attrs({ mail: 'alice@example.com' }));

    directory.replaceWith(other);

    expect(directory.size).toBe(2);
    expect(directory.get(ALICE)).toBeUndefined();
    expect(lookupSet(directory, 'mail', 'alice@example.com')).toStrictEqual(['uid=zed,o=other']);
    expect(dnsIn(directory, 'o=Other', 'one')).toStrictEqual(['uid=zed,o=Other']);
    // Later writes to the other directory do not leak in, and a snapshot from before still restores.
    other.delete('uid=zed,o=Other');
    expect(directory.get('uid=zed,o=Other')).toBeDefined();
    directory.restore(before);
    expect(directory.size).toBe(6);
    expect(lookupSet(directory, 'mail', 'alice@example.com')).toStrictEqual([normalizeDN(ALICE)]);
  });
});

describe('StorageRules', () => {
  const shouting: StorageRules = {
    dn: (dn) => dn.toUpperCase(),
    value: (type, value) =>
      type.name === 'description' && typeof value === 'string' ? value.toUpperCase() : value,
  };

  it('stores DNs and values in the rules’ form, found by any spelling', () => {
    const directory = populated(shouting);
    const alice = directory.get(ALICE);
    expect(alice?.dn).toBe(ALICE.toUpperCase());
    expect(alice?.ndn).toBe(normalizeDN(ALICE));
    expect(values(alice, 'description')).toStrictEqual(['FIRST', 'SECOND']);
    expect(directory.matchedDN(`uid=zed,${PEOPLE}`)).toBe(PEOPLE.toUpperCase());
  });

  it('applies the value rule to added and replaced values but not to deleted ones', () => {
    const directory = populated(shouting);
    const added = directory.modify(ALICE, [{ operation: 'add', type: 'description', values: ['third'] }]);
    expect(values(added, 'description')).toStrictEqual(['FIRST', 'SECOND', 'THIRD']);
    const deleted = directory.modify(ALICE, [
      { operation: 'delete', type: 'description', values: ['first'] },
    ]);
    expect(values(deleted, 'description')).toStrictEqual(['SECOND', 'THIRD']);
  });

  it('applies the DN rule to renamed entries and their moved children', () => {
    const directory = populated(shouting);
    const moved = directory.rename(PEOPLE, 'ou=Staff', true, GROUPS);
    expect(moved.dn).toBe(`OU=STAFF,${GROUPS.toUpperCase()}`);
    expect(directory.get(`uid=alice,ou=staff,${GROUPS}`)?.dn).toBe(
      `UID=ALICE,OU=STAFF,${GROUPS.toUpperCase()}`,
    );
  });
});

describe('change events', () => {
  it('reports each successful write once, with the entries before and after', () => {
    const directory = populated();
    const events: ChangeEvent[] = [];
    directory.onChange((event) => events.push(event));
    const carol = directory.add(`uid=carol,${PEOPLE}`, []);
    const renamed = directory.rename(carol.dn, 'uid=caroline', true);
    directory.delete(renamed.dn);
    expect(() => directory.delete(renamed.dn)).toThrow(DirectoryViolation);
    expect(events).toStrictEqual([
      { kind: 'add', entry: carol },
      { kind: 'rename', before: carol, after: renamed },
      { kind: 'delete', entry: renamed },
    ]);
  });
});

describe('increment with a step that is not an integer', () => {
  // The step must be an INTEGER, as for slapd (21 "value #0 invalid per syntax"). Regression:
  // applyChange ran BigInt() on it unchecked, so "abc" threw a bare SyntaxError (an internal
  // error on the wire) and "0x10" / "" were taken as 16 / 0.
  it.each(['abc', '1.5', '0x10', ''])('refuses the step %j with invalidAttributeSyntax (21)', (step) => {
    const directory = populated();
    const error = ldapError(() =>
      directory.modify(ALICE, [{ operation: 'increment', type: 'uidNumber', values: [step] }]),
    );
    expect(error.code).toBe(ResultCode.invalidAttributeSyntax);
    expect(values(directory.get(ALICE), 'uidnumber')).toStrictEqual(['1000']);
  });
});

describe('an RDN written as #hex BER stores the string it encodes', () => {
  // The RDN value is the string the BER encodes. Regression: ensureRdnValue stored parseDN's
  // `ava.ber` (tag, length and content: 04 03 61 62 63) as an extra cn value, although the DN
  // names "abc".
  it('adding cn=#0403616263 with cn: abc keeps cn as ["abc"]', () => {
    const directory = populated();
    const entry = directory.add(`cn=#0403616263,${PEOPLE}`, attrs({ cn: 'abc' }));
    expect(entry.ndn).toBe(normalizeDN(`cn=abc,${PEOPLE}`));
    expect(values(entry, 'cn')).toStrictEqual(['abc']);
  });

  it('adding cn=#0403616263 without cn stores cn: abc', () => {
    const directory = populated();
    const entry = directory.add(`cn=#0403616263,${PEOPLE}`, []);
    expect(values(entry, 'cn')).toStrictEqual(['abc']);
  });
});

describe('DNs naming a type by OID or by another NAME are the same entry', () => {
  // For slapd `0.9.2342.19200300.100.1.1=alice` and `userid=alice` name the entry `uid=alice`
  // (one attribute type). Regression: entries were keyed by normalizeDN, which does not resolve
  // types through the schema, so these DNs named other entries.
  it.each([
    ['the OID of uid', `0.9.2342.19200300.100.1.1=alice,${PEOPLE}`],
    ['the alias userid', `userid=alice,${PEOPLE}`],
    ['the OID of ou', `uid=alice,2.5.4.11=People,${ROOT}`],
  ])('get() finds alice through %s', (_how, dn) => {
    const directory = populated();
    expect(directory.get(dn)?.dn).toBe(ALICE);
  });

  it('adding uid=alice again through the OID of uid is entryAlreadyExists (68)', () => {
    const directory = populated();
    const error = ldapError(() => directory.add(`0.9.2342.19200300.100.1.1=alice,${PEOPLE}`, []));
    expect(error.code).toBe(ResultCode.entryAlreadyExists);
  });
});
