/**
 * The build's image of an embedded fixture (fixture-image.ts) must give the directory a load at
 * the same moment gives: every value equal, except those a load makes afresh each time
 * (timestamps, entryUUID, objectGUID, a salted password hash, AD's update sequence numbers), which
 * must be made afresh on every read too.
 */
import { describe, expect, test } from 'vitest';
import type { Directory } from '../../../src/server/directory/directory.js';
import type { Entry } from '../../../src/server/directory/entry.js';
import { Fixture } from '../../../src/server/fixture-cache.js';
import { type FixtureImage, fixtureSha256, imageOf, takeEntries } from '../../../src/server/fixture-image.js';
import { firstNamingContext, type LdifSource, toSources } from '../../../src/server/fixture-loader.js';
import { loadDirectory, readFixtures } from '../../../src/server/load-directory.js';
import type { Profile } from '../../../src/server/profiles/profile.js';
import { PROFILE_NAMES, registeredProfile } from '../../../src/server/profiles/registry.js';

interface Embedded {
  readonly profile: Profile;
  readonly source: LdifSource;
  readonly creator: string;
  readonly image: FixtureImage;
  readonly load: (now: Date) => Directory;
}

async function embedded(name: string): Promise<Embedded> {
  const known = registeredProfile(name)!;
  const profile = await known.load();
  const [source] = toSources([known.fixture]);
  const records = readFixtures([source!]);
  const namingContext = firstNamingContext(records);
  const creator = profile.rootDN?.(namingContext ?? '') ?? '';
  const load = (now: Date) => loadDirectory(records, { profile, creator, now: () => now });
  const image = imageOf({ profile: name, sha256: fixtureSha256(source!.text), creator }, namingContext, load);
  return { profile, source: source!, creator, image, load };
}

const text = (value: unknown) => (Buffer.isBuffer(value) ? value.toString('latin1') : String(value));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** uSNCreated/uSNChanged of the entries that have them, in entry order. */
const usns = (entries: Iterable<Entry>) =>
  [...entries].flatMap((e) =>
    ['usncreated', 'usnchanged'].flatMap((key) => {
      const value = e.first(key);
      return value === undefined ? [] : [Number(value)];
    }),
  );

describe.each(PROFILE_NAMES)('the image of the %s fixture', (name) => {
  test('read at a moment, it holds what a load at that moment holds; what a load makes afresh is made afresh', async () => {
    const { image, load } = await embedded(name);
    const now = new Date('2031-07-08T09:10:11.000Z');
    const loaded = [...load(now).all()];
    // As a server reads it: from its JSON.
    const read = takeEntries(JSON.parse(JSON.stringify(image)), now);
    const again = takeEntries(JSON.parse(JSON.stringify(image)), now);
    expect(read.map((e) => [e.dn, e.ndn, e.parent])).toStrictEqual(
      loaded.map((e) => [e.dn, e.ndn, e.parent]),
    );
    let afresh = 0;
    read.forEach((entry, index) => {
      const fresh = loaded[index]!;
      expect([...entry.attributes.keys()]).toStrictEqual([...fresh.attributes.keys()]);
      for (const [key, { type, values }] of entry.attributes) {
        const expected = fresh.get(key)!;
        expect(type).toBe(expected.type);
        values.forEach((value, i) => {
          const want = expected.values[i]!;
          const other = again[index]!.get(key)!.values[i]!;
          if (key === 'entryuuid') {
            expect(text(value)).toMatch(UUID);
            expect(other).not.toBe(value);
            afresh++;
          } else if (key === 'objectguid' && !(value as Buffer).equals(want as Buffer)) {
            // One the load made (not one the fixture gives).
            expect(Buffer.isBuffer(value) && value.length === 16).toBe(true);
            expect(Buffer.compare(value as Buffer, other as Buffer)).not.toBe(0);
            afresh++;
          } else if (key === 'userpassword' && /^\{SSHA\}/.test(text(want))) {
            expect(text(value)).toMatch(/^\{SSHA\}/);
          } else if (key === 'entrycsn') {
            // The time to the second; the sub-second part only keeps values of one load apart.
            expect(text(value).slice(0, 14)).toBe(text(want).slice(0, 14));
          } else if (key !== 'usncreated' && key !== 'usnchanged') {
            expect(text(value), `${entry.dn} ${type}`).toBe(text(want));
          }
        });
      }
    });
    // What the loads made afresh: slapd's stamps and entryUUID; AD's stamps and USNs (its GUIDs are the fixture's).
    const kinds = new Set(image.kinds.map(([, kind]) => kind).filter((kind) => kind !== 'binary'));
    expect([...kinds].sort()).toStrictEqual(name === 'openldap' ? ['time', 'uuid'] : ['time', 'usn']);
    expect(afresh).toBe(name === 'openldap' ? read.length : 0);
    // Update sequence numbers: the same order and spacing as a load's, taken afresh from the process's sequence.
    const loadedUsns = usns(loaded);
    const readUsns = usns(read);
    const againUsns = usns(again);
    if (name === 'openldap') {
      expect([loadedUsns, readUsns]).toStrictEqual([[], []]);
    } else {
      expect(readUsns.length).toBe(loadedUsns.length);
      const shift = readUsns[0]! - loadedUsns[0]!;
      expect(readUsns).toStrictEqual(loadedUsns.map((n) => n + shift));
      expect(shift).toBeGreaterThan(0);
      expect(Math.min(...againUsns)).toBeGreaterThan(Math.max(...readUsns));
    }
  });
});

describe('an image', () => {
  test('a value that differs between two loads in an unknown way stops the build, naming it', () => {
    const source = { name: 'x.ldif', text: 'dn: dc=example,dc=org\nobjectClass: domain\ndc: example\n' };
    const records = readFixtures([source]);
    return registeredProfile('openldap')!
      .load()
      .then((profile) => {
        let n = 0;
        const load = (now: Date) => {
          const directory = loadDirectory(records, { profile, creator: '', now: () => now });
          directory.modify('dc=example,dc=org', [
            { operation: 'replace', type: 'description', values: [`load ${++n}`] },
          ]);
          return directory;
        };
        expect(() =>
          imageOf(
            { profile: 'openldap', sha256: fixtureSha256(source.text), creator: '' },
            'dc=example,dc=org',
            load,
          ),
        ).toThrow('fixture image: dc=example,dc=org description differs between two loads in an unknown way');
      });
  });

  test('serves only the text it was made from, under the rootdn and rules it was made with', async () => {
    const { profile, source, creator, image } = await embedded('openldap');
    const base = image.namingContext!;
    const alice = `uid=alice,ou=people,${base}`;
    const creatorOf = (directory: Directory) => directory.get(base)?.first('creatorsname');
    const cnOf = (directory: Directory) => directory.get(alice)?.first('cn');
    // An image altered so that what is served shows where it came from.
    const altered = JSON.stringify(image).replace('"Alice Liddell"', '"Alice From The Image"');
    expect(altered).not.toBe(JSON.stringify(image));
    const from = (sources: LdifSource[]) => new Fixture(sources, () => JSON.parse(altered));
    // A name of its own: the process's fixture cache is keyed by name and text, and other test
    // files in this worker start servers on the embedded fixture.
    const own = { name: '<fixture-image.test>', text: source.text };

    // The same text, rootdn and rules: the image's entries.
    expect(cnOf(from([own]).directory({ profile, creator }))).toBe('Alice From The Image');
    // An edited fixture is loaded, not read from the image: the edit is there, and the fixture's own cn.
    const edited = `${text(source.text)}\ndn: cn=edited,${base}\nobjectClass: organizationalRole\ncn: edited\n`;
    const fromEdited = from([{ name: own.name, text: edited }]).directory({ profile, creator });
    expect(fromEdited.get(`cn=edited,${base}`)).toBeDefined();
    expect(cnOf(fromEdited)).toBe('Alice Liddell');
    // Another rootdn stamps its own name: a load, not the image.
    const other = `cn=manager,${base}`;
    const byOther = from([own]).directory({ profile, creator: other });
    expect([creatorOf(byOther), cnOf(byOther)]).toStrictEqual([other, 'Alice Liddell']);
    // Lenient schema checking is another setup too.
    expect(cnOf(from([own]).directory({ profile, creator, strictSchema: false }))).toBe('Alice Liddell');
  });
});
