/**
 * Test suites start many servers on the same fixture. The fixture is parsed once and the
 * directory built from it once per process; every later server starts from that directory's
 * snapshot (entries are immutable, so the copy is a Map of shared entries) — a second
 * `startMockServer()` costs a Map copy instead of a parse and a load. The first server on an
 * embedded fixture reads the build's image of it (fixture-image.ts) instead of loading it; the
 * first on any other fixture reads the image an earlier process kept (image-cache.ts), or loads
 * it and keeps one for the next process.
 */
import { identityOf } from './content-identity.js';
import type { Directory } from './directory/directory.js';
import type { DirectorySnapshot } from './directory/entry-store.js';
import {
  FIXTURE_IMAGE_FORMAT,
  type FixtureImage,
  fixtureSha256,
  imageOf,
  takeEntries,
} from './fixture-image.js';
import { firstNamingContext, type LdifSource } from './fixture-loader.js';
import { cacheEntryName, readCacheEntry, writeCacheEntry } from './image-cache.js';
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
/** Larger fixtures are not kept on disk: keeping an image takes two more loads (fixture-image.ts). */
const MAX_KEPT_TEXT = 1024 * 1024;

/** What is kept of a fixture whose image cannot be made: that it is loaded. */
interface LoadedOnly {
  readonly format: typeof LOADED_ONLY;
}

const LOADED_ONLY = 0;

/** A fixture's first naming context as kept on disk. */
interface NamingImage {
  readonly format: 1;
  readonly namingContext: string | null;
}

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
  /** The sources' names and digests, when they are cached. */
  readonly #key: string | undefined;
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
    this.#key = this.#digests && cacheKey(sources, this.#digests);
    this.#cached = cachedFor(this.#key);
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
      this.#cached.namingContext = this.#imageOfSources
        ? (this.#imageOfSources.namingContext ?? null)
        : this.#keptNamingContext();
    return this.#cached.namingContext ?? undefined;
  }

  /** Kept on disk like the directory: finding it takes a parse of every record. */
  #keptNamingContext(): string | null {
    const name = this.#keptName('naming', []);
    const kept = name === undefined ? undefined : readCacheEntry<NamingImage>(name, 1);
    if (kept) return kept.namingContext;
    const namingContext = firstNamingContext(this.records) ?? null;
    if (name !== undefined) writeCacheEntry<NamingImage>(name, { format: 1, namingContext });
    return namingContext;
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
    const directory = this.#fromImage(setup) ?? this.#loadedOrKept(setup);
    this.#cached.built.set(key, directory.snapshot());
    return directory;
  }

  /** The image's directory, if the image was made under this setup (the profile's own, default rules). */
  #fromImage(setup: DirectorySetup): Directory | undefined {
    const image = this.#imageOfSources;
    const schema = setup.schema ?? setup.profile.schema;
    if (!image || image.creator !== setup.creator || setup.strictSchema === false) return undefined;
    if (image.profile !== setup.profile.name || schema !== setup.profile.schema) return undefined;
    return directoryOf(image, setup);
  }

  /** The directory of the image an earlier process kept for this setup, else loaded here and kept. */
  #loadedOrKept(setup: DirectorySetup): Directory {
    const profile = identityOf(setup.profile);
    const schema = identityOf(setup.schema ?? setup.profile.schema);
    const name =
      profile === undefined || schema === undefined
        ? undefined
        : this.#keptName('directory', [profile, schema, setup.creator, String(setup.strictSchema ?? true)]);
    const kept = name === undefined ? undefined : readCacheEntry<FixtureImage>(name, FIXTURE_IMAGE_FORMAT);
    if (kept) return directoryOf(kept, setup);
    const directory = loadDirectory(this.records, setup);
    if (name !== undefined && !readCacheEntry<LoadedOnly>(name, LOADED_ONLY)) {
      const identity = {
        profile: setup.profile.name,
        sha256: fixtureSha256(this.#key!),
        creator: setup.creator,
      };
      const load = (now: Date) => loadDirectory(this.records, { ...setup, now: () => now });
      writeCacheEntry<FixtureImage | LoadedOnly>(
        name,
        keepable(() => imageOf(identity, this.namingContext, load)) ?? { format: LOADED_ONLY },
      );
    }
    return directory;
  }

  /** The name of what is kept on disk of these sources (with `parts`), if they may be kept. */
  #keptName(kind: string, parts: readonly string[]): string | undefined {
    if (this.#key === undefined) return undefined;
    const size = this.#sources.reduce((total, { text }) => total + text.length, 0);
    return size > MAX_KEPT_TEXT ? undefined : cacheEntryName(kind, [...parts, this.#key]);
  }
}

/**
 * The image, or undefined when the fixture has values made afresh in a way the image cannot
 * (fixture-image.ts): such a fixture is loaded in every process, as before, and the entry says
 * so (LoadedOnly), so that no process tries again.
 */
function keepable(image: () => FixtureImage): FixtureImage | undefined {
  try {
    return image();
  } catch {
    return undefined;
  }
}

/** A new directory holding the image's entries, made afresh as a load now would make them. */
function directoryOf(image: FixtureImage, setup: DirectorySetup): Directory {
  const directory = emptyDirectory(setup.profile, setup.schema ?? setup.profile.schema);
  directory.hold(takeEntries(image, new Date()));
  return directory;
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
