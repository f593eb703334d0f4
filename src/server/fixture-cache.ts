/**
 * Test suites start many servers on the same fixture. The fixture is parsed once and the
 * directory built from it once per process; every later server starts from that directory's
 * snapshot (entries are immutable, so the copy is a Map of shared entries) — a second
 * `startMockServer()` costs a Map copy instead of a parse and a load. The first server on an
 * embedded fixture reads the build's image of it (fixture-image.ts) instead of loading it.
 */
import type { Directory } from './directory/directory.js';
import type { DirectorySnapshot } from './directory/entry-store.js';
import { type FixtureImage, fixtureSha256, takeEntries } from './fixture-image.js';
import { firstNamingContext, type LdifSource } from './fixture-loader.js';
import {
  type DirectorySetup,
  emptyDirectory,
  type FixtureRecords,
  loadDirectory,
  readFixtures,
} from './load-directory.js';

/** Larger fixtures are not kept: their parse is a fraction of their load, and memory matters more. */
const MAX_CACHED_TEXT = 8 * 1024 * 1024;
const MAX_CACHED_FIXTURES = 8;

interface Cached {
  records: FixtureRecords | undefined;
  /** The first naming context the records create, once known (null: none). */
  namingContext: string | null | undefined;
  /** Directories built from the fixture, by how they were built. */
  readonly built: Map<string, DirectorySnapshot>;
}

/** By the hash of the sources, oldest first. */
const cache = new Map<string, Cached>();
const ids = new WeakMap<object, number>();
let lastId = 0;

function idOf(object: object): number {
  let id = ids.get(object);
  if (id === undefined) ids.set(object, (id = ++lastId));
  return id;
}

/** LDIF sources a server starts on: parsed when first needed, and once per process for the same text. */
export class Fixture {
  readonly #sources: readonly LdifSource[];
  /** Each source's sha256, or undefined when the sources are not cached (too large, `:<` references). */
  readonly #digests: readonly string[] | undefined;
  readonly #cached: Cached;
  readonly #readImage: (() => FixtureImage | undefined) | undefined;
  /** The build's image of this very text, once read (null: none). */
  #image: FixtureImage | null | undefined;

  /**
   * `image`: reads the build's image of an embedded fixture; read only when neither the naming
   * context nor the directory is cached, and used only if it was made from these sources.
   */
  constructor(sources: readonly LdifSource[], image?: () => FixtureImage | undefined) {
    this.#sources = sources;
    this.#digests = digestsOf(sources);
    this.#cached = cachedFor(this.#digests && cacheKey(sources, this.#digests));
    this.#readImage = image;
  }

  get #imageOfSources(): FixtureImage | undefined {
    if (this.#image === undefined) {
      const image = this.#readImage?.();
      const digests = this.#digests;
      this.#image = image && digests?.length === 1 && digests[0] === image.fixtureSha256 ? image : null;
    }
    return this.#image ?? undefined;
  }

  get records(): FixtureRecords {
    this.#cached.records ??= readFixtures(this.#sources);
    return this.#cached.records;
  }

  /** The first naming context the records create. */
  get namingContext(): string | undefined {
    if (this.#cached.namingContext === undefined)
      this.#cached.namingContext =
        (this.#imageOfSources ? this.#imageOfSources.namingContext : firstNamingContext(this.records)) ??
        null;
    return this.#cached.namingContext ?? undefined;
  }

  /** A directory holding the records as a load with `setup` makes it. */
  directory(setup: DirectorySetup): Directory {
    // A clock of one's own (tests of time) is not a setup anyone else shares.
    if (setup.now) return loadDirectory(this.records, setup);
    const schema = setup.schema ?? setup.profile.schema;
    // Profiles and schemas are compared by identity: a configured profile (a bootstrap folder) is its own.
    const key = [
      setup.profile.name,
      idOf(setup.profile),
      setup.creator,
      setup.strictSchema ?? true,
      idOf(schema),
    ].join('\u0000');
    const snapshot = this.#cached.built.get(key);
    if (snapshot) {
      const directory = emptyDirectory(setup.profile, setup.schema);
      directory.restore(snapshot);
      return directory;
    }
    const directory = this.#fromImage(setup) ?? loadDirectory(this.records, setup);
    this.#cached.built.set(key, directory.snapshot());
    return directory;
  }

  /** The image's directory, if the image was made under this setup (the profile's own, default rules). */
  #fromImage(setup: DirectorySetup): Directory | undefined {
    const image = this.#imageOfSources;
    const schema = setup.schema ?? setup.profile.schema;
    if (!image || image.creator !== setup.creator || setup.strictSchema === false) return undefined;
    if (image.profile !== setup.profile.name || schema !== setup.profile.schema) return undefined;
    const directory = emptyDirectory(setup.profile, schema);
    directory.hold(takeEntries(image, new Date()));
    return directory;
  }
}

/** The cache's slot for the sources' key (most recently used last), or a slot of their own when not cached. */
function cachedFor(key: string | undefined): Cached {
  if (key === undefined) return { records: undefined, namingContext: undefined, built: new Map() };
  let cached = cache.get(key);
  if (cached) {
    cache.delete(key);
  } else {
    cached = { records: undefined, namingContext: undefined, built: new Map() };
    if (cache.size >= MAX_CACHED_FIXTURES) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, cached);
  return cached;
}

/** Each source's text digest, or undefined when they are too large or name other files (`:< file://`). */
function digestsOf(sources: readonly LdifSource[]): string[] | undefined {
  let size = 0;
  const digests: string[] = [];
  for (const { text } of sources) {
    size += text.length;
    if (size > MAX_CACHED_TEXT) return undefined;
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    if (bytes.includes(':<')) return undefined;
    digests.push(fixtureSha256(bytes));
  }
  return digests;
}

/** The sources' identity: their names and texts. */
function cacheKey(sources: readonly LdifSource[], digests: readonly string[]): string {
  return sources.map(({ name }, i) => `${name}\u0000${digests[i]}`).join('\u0000');
}
