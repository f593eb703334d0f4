/**
 * Test suites start many servers on the same fixture. The fixture is parsed once and the
 * directory built from it once per process; every later server starts from that directory's
 * snapshot (entries are immutable, so the copy is a Map of shared entries) — a second
 * `startMockServer()` costs a Map copy instead of a parse and a load.
 */
import { createHash } from 'node:crypto';
import type { Directory } from './directory/directory.js';
import type { DirectorySnapshot } from './directory/entry-store.js';
import type { LdifSource } from './fixture-loader.js';
import { type DirectorySetup, emptyDirectory, type FixtureRecords, readFixtures } from './load-directory.js';

/** Larger fixtures are not kept: their parse is a fraction of their load, and memory matters more. */
const MAX_CACHED_TEXT = 8 * 1024 * 1024;
const MAX_CACHED_FIXTURES = 8;

/** Parsed fixtures by the hash of their sources, oldest first. */
const parsed = new Map<string, FixtureRecords>();
/** Directories built from each parsed fixture, by how they were built. */
const built = new WeakMap<FixtureRecords, Map<string, DirectorySnapshot>>();
const ids = new WeakMap<object, number>();
let lastId = 0;

function idOf(object: object): number {
  let id = ids.get(object);
  if (id === undefined) ids.set(object, (id = ++lastId));
  return id;
}

/** The records of the sources, parsed once per process for the same text. */
export function cachedRecords(sources: readonly LdifSource[]): FixtureRecords {
  const key = cacheKey(sources);
  if (key === undefined) return readFixtures(sources);
  let records = parsed.get(key);
  if (records) {
    parsed.delete(key);
  } else {
    records = readFixtures(sources);
    if (parsed.size >= MAX_CACHED_FIXTURES) parsed.delete(parsed.keys().next().value!);
  }
  parsed.set(key, records);
  return records;
}

/** A directory holding the records as `build` makes it, built once per process for the same setup. */
export function cachedDirectory(
  records: FixtureRecords,
  setup: DirectorySetup,
  build: () => Directory,
): Directory {
  // A clock of one's own (tests of time) is not a setup anyone else shares.
  if (setup.now) return build();
  const schema = setup.schema ?? setup.profile.schema;
  // Profiles and schemas are compared by identity: a configured profile (a bootstrap folder) is its own.
  const key = [
    setup.profile.name,
    idOf(setup.profile),
    setup.creator,
    setup.strictSchema ?? true,
    idOf(schema),
  ].join('\u0000');
  let byKey = built.get(records);
  if (!byKey) built.set(records, (byKey = new Map()));
  const snapshot = byKey.get(key);
  if (snapshot) {
    const directory = emptyDirectory(setup.profile, setup.schema);
    directory.restore(snapshot);
    return directory;
  }
  const directory = build();
  byKey.set(key, directory.snapshot());
  return directory;
}

/** The sources' identity, or undefined when they are too large or name other files (`:< file://`). */
function cacheKey(sources: readonly LdifSource[]): string | undefined {
  let size = 0;
  const hash = createHash('sha256');
  for (const { name, text } of sources) {
    size += text.length;
    if (size > MAX_CACHED_TEXT) return undefined;
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    if (bytes.includes(':<')) return undefined;
    hash.update(name).update('\u0000').update(bytes).update('\u0000');
  }
  return hash.digest('hex');
}
