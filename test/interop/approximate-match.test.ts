/**
 * slapd's approximate matching (`~=`, phonetic: src/core/approximate-match.ts) against the
 * mock's openldap profile. Both start from fixtures/openldap/default.ldif plus the same entries
 * added here, whose words exercise the metaphone rules (silent letters, soft C and G, PH, X,
 * digits, punctuation, accents, ligatures, NUL); fast-check draws filters from those words and
 * the fixture's, mutated (case, accents, doubled or dropped letters, digits, punctuation, order),
 * on text, IA5 and non-text attributes, alone or inside &, | and !. Every filter must return the
 * same entries from both. Seeded: APPROXIMATE_SEED=<n> reproduces a run (APPROXIMATE_SEED=random
 * explores), APPROXIMATE_FILTERS raises the count. It fails, never skips, if slapd cannot start.
 */
import fc from 'fast-check';
import { Attribute, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeFilterValue } from '../../src/core/filter-escape.js';
import type { MockServer } from '../../src/server/index.js';
import { generatedSeed } from './generated/generated-run.js';
import { startOpenldapMock } from './mock-target.js';
import { BASE, PEOPLE, ROOT_DN } from './probes/fixture-names.js';
import { type ServerPair, startPair } from './server-pair.js';
import { type SlapdInstance, startSlapdForSuite } from './slapd.js';

const SEED = generatedSeed(process.env['APPROXIMATE_SEED']);
const FILTERS = Math.max(400, Number(process.env['APPROXIMATE_FILTERS'] ?? 400));

type Values = Record<string, (string | Buffer)[]>;

const person = (uid: string, cn: string, sn: string, extra: Values = {}): [string, Values] => [
  `uid=${uid},${PEOPLE}`,
  { objectClass: ['inetOrgPerson'], uid: [uid], cn: [cn], sn: [sn], ...extra },
];

const posix = (uid: string, number: string, extra: Values): Values => ({
  objectClass: ['inetOrgPerson', 'posixAccount'],
  uidNumber: [number],
  gidNumber: ['5000'],
  homeDirectory: [`/home/${uid}`],
  ...extra,
});

/** Entries added to both servers: each line of words is there for a rule of slapd's metaphone. */
const ENTRIES: readonly [string, Values][] = [
  person('approx-knight', 'Knight Rider', 'Rider', {
    givenName: ['Michael'],
    description: ["Phil Thompson's ghost watch"],
    mail: ['knight.rider@example.org'],
    title: ['Night Writer'],
  }),
  person('approx-xavier', 'Xavier Wright', 'Wright', {
    description: ['science scene chemistry cherry', 'scissors acid ciao'],
    mail: ['x.wright@example.org'],
  }),
  person('approx-zoe', 'Zoë Ångström', 'Ångström', {
    description: ['Œuvre ﬁsh café naïve', 'a ☃ b', 'Ｆｕｌｌ ｗｉｄｔｈ'],
    givenName: ['Zoë'],
  }),
  person('approx-obrien', "Jean-Luc O'Brien", "O'Brien", {
    description: ['judge edge lodge ledger'],
    ou: ['R&D (north)'],
  }),
  person('approx-axle', 'Axle Taxi', 'Taxi', {
    description: ['accept accident caesar ocean', 'ax axe xerox'],
  }),
  person('approx-schmidt', 'Schmidt Smyth', 'Smyth', {
    description: ['church christ chemistry', 'Smith and Smythe'],
    telephoneNumber: ['+1 555 0100'],
  }),
  person('approx-droid', 'R2D2 C3PO', 'Droid', {
    description: ['4 8 15 16 23 42', '   '],
    employeeNumber: ['0042'],
  }),
  person('approx-thomas', 'Thomas Whitehead', 'Whitehead', {
    description: ['laugh tough Hugh dumb lamb bomb ebb'],
    l: ['Thames'],
  }),
  person('approx-gnome', 'Gnome Pneumonia', 'Aeon', {
    description: ['signed sign agnes gnaw gem gentle giggle'],
    st: ['Wrexham'],
  }),
  [
    `uid=approx-mcgregor,${PEOPLE}`,
    {
      ...posix('approx-mcgregor', '30001', {
        gecos: ['Mc Gregor, Room 12'],
        loginShell: ['/bin/bash'],
        description: ['quick quiche sugar mission nation martian'],
      }),
      uid: ['approx-mcgregor'],
      cn: ['Mc Gregor'],
      sn: ['McGregor'],
    },
  ],
  [
    `uid=approx-nul,${PEOPLE}`,
    {
      ...posix('approx-nul', '30002', { gecos: ['Philip  Physics'], loginShell: ['/bin/zsh'] }),
      uid: ['approx-nul'],
      cn: ['Patch Watch'],
      sn: ['Thumb'],
      description: [Buffer.from('alice\0liddell', 'utf8')],
      mail: [Buffer.from('victor\0yellow@example.org', 'utf8')],
    },
  ],
];

/** Words of the fixture (fixtures/openldap/default.ldif) and of ENTRIES. */
const FIXTURE_WORDS = [
  'Alice',
  'Liddell',
  'Bob',
  'Builder',
  'Lou',
  'Locked',
  'Müller',
  'Smith',
  'J+R',
  'developers',
  'Application',
  'engineering',
  'All',
  'Operations',
  'posixGroup',
  'memberUid',
  'Auditors',
  'Bulk',
  'User',
  'User0001',
  'User0042',
  '0001',
  'bulk0007',
  'alice@example.org',
  'bob',
  'example',
  'org',
  'people',
  'groups',
  'admin',
  'default',
  'escaped',
  '/home/bob',
  '/bin/bash',
];
const ENTRY_WORDS = ENTRIES.flatMap(([, values]) =>
  Object.entries(values)
    .filter(([name]) => name !== 'objectClass')
    .flatMap(([, list]) => list.flatMap((v) => v.toString('utf8').split(/[ \0]/))),
).filter((w) => w !== '');
const WORDS = [...new Set([...FIXTURE_WORDS, ...ENTRY_WORDS])];

/** Phonetic text types (Directory String and IA5), and types that fall back to equality. */
const ATTRIBUTES = [
  'cn',
  'sn',
  'givenName',
  'uid',
  'mail',
  'description',
  'title',
  'ou',
  'l',
  'st',
  'memberUid',
  'gecos',
  'homeDirectory',
  'loginShell',
  'name',
  'displayName',
  'telephoneNumber',
  'employeeNumber',
  'uidNumber',
  'objectClass',
  'member',
  'cn;lang-en',
];

const ACCENTS: Record<string, string> = { a: 'á', e: 'é', i: 'ï', o: 'ø', u: 'ü', c: 'ç', n: 'ñ' };

/** One way of misspelling a word; each keeps enough of it that some assertions still match. */
const mutation = fc.oneof(
  { weight: 4, arbitrary: fc.constant((w: string) => w) },
  fc.constant((w: string) => w.toUpperCase()),
  fc.constant((w: string) => w.toLowerCase()),
  fc.constant((w: string) => w.replace(/[aeiou]/i, (v) => ACCENTS[v.toLowerCase()] ?? v)),
  fc.constant((w: string) => w.replace(/[aeiou]/gi, 'y')),
  fc.constant((w: string) => w.replace(/[bcdfgklmnprst]/i, (c) => c + c)),
  fc.constant((w: string) => w.slice(0, -1)),
  fc.constant((w: string) => w.replace(/f/gi, 'ph')),
  fc.constant((w: string) => w.replace(/ph/gi, 'f')),
  fc.constant((w: string) => `k${w}`),
  fc.constant((w: string) => `${w}7`),
  fc.constant((w: string) => `0${w}`),
  fc.constant((w: string) => `${w}'s`),
  fc.constant((w: string) => `${w.slice(0, 2)}-${w.slice(2)}`),
  fc.constant((w: string) => w.replace(/s/gi, 'x')),
  fc.constant((w: string) => w.replace(/c/gi, 'k')),
  fc.constant((w: string) => w.replace(/e/g, '\u0065\u0301')),
);

const word = fc.tuple(fc.constantFrom(...WORDS), mutation).map(([w, mutate]) => mutate(w));
const separator = fc.constantFrom(' ', ' ', ' ', '  ', '\0', '\t', ', ');

/** Some words, joined by separators, perhaps with spaces around. */
function joined(words: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return fc
    .tuple(words, fc.array(separator, { minLength: 3, maxLength: 3 }), fc.boolean())
    .map(([list, separators, padded]) => {
      const text = list.map((w, i) => (i === list.length - 1 ? w : w + separators[i])).join('');
      return padded ? ` ${text} ` : text;
    });
}

/** Stored values by attribute, from the fixture and ENTRIES: assertions made of their words find things. */
const STORED: readonly (readonly [string, string])[] = [
  ['cn', 'Alice Liddell'],
  ['sn', 'Liddell'],
  ['givenName', 'Alice'],
  ['mail', 'alice@example.org'],
  ['homeDirectory', '/home/alice'],
  ['loginShell', '/bin/bash'],
  ['cn', 'Bob Builder'],
  ['cn', 'Lou Locked'],
  ['cn', 'Bulk User 0042'],
  ['sn', 'User0042'],
  ['description', 'Application developers'],
  ['description', 'All of engineering'],
  ['description', 'Operations (posixGroup, memberUid holds uids)'],
  ['memberUid', 'bob'],
  ['o', 'Example Org'],
  ['ou', 'people'],
  ...ENTRIES.flatMap(([, values]) =>
    Object.entries(values)
      .filter(([name]) => name !== 'objectClass')
      .flatMap(([name, list]) => list.map((v) => [name, v.toString('utf8')] as const)),
  ),
];

/** Words of a stored value, some dropped, each perhaps misspelt. */
const fromStored = fc.constantFrom(...STORED).chain(([attribute, value]) => {
  const words = value.split(/[ \0]/).filter((w) => w !== '');
  if (words.length === 0) words.push(value);
  return fc.tuple(
    fc.constant(attribute),
    joined(
      fc
        .subarray(words, { minLength: 1 })
        .chain((kept) => fc.tuple(...kept.slice(0, 3).map((w) => mutation.map((mutate) => mutate(w))))),
    ),
  );
});

const anywhere = fc.tuple(
  fc.constantFrom(...ATTRIBUTES),
  joined(fc.array(word, { minLength: 1, maxLength: 3 })),
);

const item = fc
  .oneof({ weight: 3, arbitrary: fromStored }, { weight: 2, arbitrary: anywhere })
  .map(([attribute, value]) => `(${attribute}~=${escapeFilterValue(value)})`);

const filter: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: item },
  fc.tuple(item, item).map(([a, b]) => `(|${a}${b})`),
  item.map((a) => `(&(objectClass=person)${a})`),
  // Undefined items (an IA5 assertion that is not ASCII, an unknown type) must stay Undefined under !.
  item.map((a) => `(&(uid=approx-*)(!${a}))`),
);

interface Target {
  readonly url: string;
}

async function withRoot<T>(target: Target, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: target.url, timeout: 30_000 });
  await client.bind(ROOT_DN, 'admin');
  try {
    return await run(client);
  } finally {
    await client.unbind();
  }
}

/** The entries a filter returns (lower-cased DNs, sorted), or the result code it failed with. */
async function found(client: Client, text: string): Promise<string> {
  try {
    const { searchEntries } = await client.search(BASE, { filter: text, attributes: ['1.1'] });
    return searchEntries
      .map((e) => e.dn.toLowerCase())
      .sort()
      .join('\n');
  } catch (error) {
    const code = (error as { code?: number }).code;
    return `error ${code ?? (error as Error).message}`;
  }
}

describe('approximate matching (~=): mock openldap profile vs real slapd', () => {
  let slapd: SlapdInstance | undefined;
  let mock: MockServer | undefined;
  let pair: ServerPair<SlapdInstance> | undefined;

  beforeAll(async () => {
    pair = await startPair(startSlapdForSuite('approximate-match'), startOpenldapMock());
    slapd = pair.reference;
    mock = pair.mock;
    for (const target of [pair.reference, pair.mock]) {
      await withRoot(target, async (client) => {
        for (const [dn, values] of ENTRIES)
          await client.add(
            dn,
            Object.entries(values).map(
              ([type, list]) => new Attribute({ type, values: list.map((v) => Buffer.from(v)) }),
            ),
          );
      });
    }
  });

  afterAll(() => pair?.stop());

  it('finds what slapd finds on a few hand-picked filters', async () => {
    const filters = [
      '(sn~=User0001)',
      '(memberUid~=BOB)',
      '(cn~=bulk 0007)',
      '(sn~=mueller)',
      '(cn~=nyght ryder)',
      '(description~=fysh)',
      '(description~=a 1 b)',
      '(description~=1 2 3)',
      '(mail~=victor\\00zzz)',
      '(description~=alice\\00liddell)',
      '(gecos~=filip fisiks)',
      '(cn~=liddell alice)',
    ];
    const [real, ours] = await Promise.all(
      [slapd!, mock!].map((target) =>
        withRoot(target, (client) => Promise.all(filters.map((f) => found(client, f)))),
      ),
    );
    expect(ours).toEqual(real);
    // Each of these finds something on slapd (but the last three), so the comparison means something.
    expect(real!.map((r) => r !== '')).toEqual([...Array(9).fill(true), false, true, false]);
  });

  it(`returns the entries slapd returns for ${FILTERS} generated filters`, async () => {
    process.stdout.write(`approximate-match: seed ${SEED} (APPROXIMATE_SEED=${SEED} reproduces this run)\n`);
    const filters = fc.sample(filter, { seed: SEED, numRuns: FILTERS });
    const [real, ours] = await Promise.all(
      [slapd!, mock!].map((target) =>
        withRoot(target, async (client) => {
          const results: string[] = [];
          for (const f of filters) results.push(await found(client, f));
          return results;
        }),
      ),
    );
    const differing = filters.flatMap((f, i) =>
      real![i] === ours![i]
        ? []
        : [
            `${f}\n  slapd: ${real![i]!.replace(/\n/g, ' | ') || '(none)'}\n  mock:  ${ours![i]!.replace(/\n/g, ' | ') || '(none)'}`,
          ],
    );
    const hits = real!.filter((r) => r !== '' && !r.startsWith('error')).length;
    process.stdout.write(
      `approximate-match: ${filters.length} filters, ${filters.length - differing.length} matched, ${hits} found entries on slapd\n`,
    );
    expect(differing, `seed ${SEED}: ${differing.length} filters differ`).toEqual([]);
    // A generator whose filters all find nothing would prove nothing.
    expect(hits).toBeGreaterThan(filters.length / 4);
  }, 600_000);
});
