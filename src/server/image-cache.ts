/**
 * What a server works out from the application's own data — a schema extended with its files, a
 * fixture's or a bootstrap folder's directory — kept on disk between processes, as the build's
 * images are for the embedded fixtures (images.ts): a test run's workers, and every later run,
 * read what the first process worked out instead of parsing and checking every record again in a
 * cold process. An entry is named by a hash of everything it was made from and of the build that
 * made it, so an edited file or a new build names another entry, never a stale one.
 *
 * In `$LDAPMOCK_CACHE_DIR` (`off`: nothing is kept), else `$XDG_CACHE_HOME/ldapmock`, else
 * `~/.cache/ldapmock`: a folder of the user's own, as the entries hold the data (passwords
 * included) as the fixture does. Only the built package keeps entries: code run from its sources
 * has no build to name them by, and always works things out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { IMAGE_FOLDER, readImage } from './images.js';

/** Oldest entries beyond this many are removed when one is written. */
const MAX_ENTRIES = 64;

interface BuildStamp {
  readonly format: 1;
  /** New with every build: entries name the build whose code made them. */
  readonly id: string;
}

export const buildStampFile = (folder = IMAGE_FOLDER) => new URL('build.json', folder);

export function newBuildStamp(): BuildStamp {
  return { format: 1, id: randomBytes(16).toString('hex') };
}

let buildId: string | null | undefined;

/** The folder entries are kept in, or undefined when none are kept. */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env['LDAPMOCK_CACHE_DIR'];
  if (given === 'off') return undefined;
  if (given) return given;
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'ldapmock');
}

/**
 * The name of the entry made of `parts` for `kind`, or undefined when nothing is kept (the
 * sources, or the cache turned off). `parts` must say everything the entry depends on.
 */
export function cacheEntryName(kind: string, parts: readonly string[]): string | undefined {
  if (buildId === undefined) buildId = readImage<BuildStamp>(buildStampFile(), 1)?.id ?? null;
  if (buildId === null || cacheFolder() === undefined) return undefined;
  const hash = createHash('sha256').update(buildId);
  // Each part with its length, so that no two lists of parts hash alike.
  for (const part of parts) hash.update(`\u0000${part.length}\u0000`).update(part);
  return `${kind}-${hash.digest('hex')}`;
}

/**
 * The entry, if it is there and of `format`; an entry that does not read is as good as none.
 * `revive`: JSON.parse's reviver, for entries holding more than JSON's types.
 */
export function readCacheEntry<T extends { readonly format: number }>(
  name: string,
  format: number,
  revive?: (key: string, value: unknown) => unknown,
): T | undefined {
  const folder = cacheFolder();
  if (folder === undefined) return undefined;
  try {
    return readImage<T>(join(folder, `${name}.json`), format, revive);
  } catch {
    return undefined; // not JSON (edited by hand, a disk that filled): as good as none
  }
}

/**
 * Writes the entry whole or not at all (processes reading it meanwhile see the old one or none),
 * then removes the oldest beyond MAX_ENTRIES. A cache that cannot be written costs the next
 * process its time, nothing else: failures are not errors.
 */
export function writeCacheEntry<T extends { readonly format: number }>(name: string, entry: T): void {
  const folder = cacheFolder();
  if (folder === undefined) return;
  const file = join(folder, `${name}.json`);
  const partial = join(folder, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(partial, JSON.stringify(entry), { mode: 0o600 });
    renameSync(partial, file);
    removeOldest(folder);
  } catch {
    try {
      unlinkSync(partial);
    } catch {
      // Never written.
    }
  }
}

function removeOldest(folder: string): void {
  const names = readdirSync(folder).filter((name) => name.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const byAge = names
    .map((name) => ({ name, time: statSync(join(folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => a.time - b.time);
  for (const { name } of byAge.slice(0, names.length - MAX_ENTRIES)) unlinkSync(join(folder, name));
}
