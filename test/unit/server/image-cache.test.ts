/**
 * The folder the application's data images are kept in (image-cache.ts): where it is, entries
 * written whole and private to the user, read back only when of the format asked for, the oldest
 * removed past the bound, and a cache that cannot be written never an error.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cacheEntryName,
  cacheFolder,
  readCacheEntry,
  writeCacheEntry,
} from '../../../src/server/image-cache.js';

let dir: string;
let before: string | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ldapmock-image-cache-'));
  before = process.env['LDAPMOCK_CACHE_DIR'];
  process.env['LDAPMOCK_CACHE_DIR'] = join(dir, 'cache');
});

afterEach(() => {
  if (before === undefined) delete process.env['LDAPMOCK_CACHE_DIR'];
  else process.env['LDAPMOCK_CACHE_DIR'] = before;
  rmSync(dir, { recursive: true, force: true });
});

describe('the image cache', () => {
  it('is $LDAPMOCK_CACHE_DIR, else under $XDG_CACHE_HOME or ~/.cache, and none when turned off', () => {
    expect(cacheFolder({ LDAPMOCK_CACHE_DIR: '/somewhere' })).toBe('/somewhere');
    expect(cacheFolder({ LDAPMOCK_CACHE_DIR: 'off' })).toBeUndefined();
    expect(cacheFolder({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/ldapmock');
    expect(cacheFolder({})).toBe(join(homedir(), '.cache', 'ldapmock'));
  });

  it('names nothing when run from the sources: there is no build to name entries by', () => {
    expect(cacheEntryName('directory', ['anything'])).toBeUndefined();
  });

  it('reads back what was written, of the format asked for, private to the user', () => {
    writeCacheEntry('directory-abc', { format: 3, value: 'kept' });
    expect(readCacheEntry('directory-abc', 3)).toEqual({ format: 3, value: 'kept' });
    expect(readCacheEntry('directory-abc', 4)).toBeUndefined();
    expect(readCacheEntry('directory-none', 3)).toBeUndefined();
    const folder = join(dir, 'cache');
    expect(readdirSync(folder)).toEqual(['directory-abc.json']); // no partial file left behind
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, 'directory-abc.json')).mode & 0o777).toBe(0o600);
  });

  it('takes an entry that does not read as none', () => {
    writeCacheEntry('schema-x', { format: 1 });
    writeFileSync(join(dir, 'cache', 'schema-x.json'), '{"format": 1, "attributeTy');
    expect(readCacheEntry('schema-x', 1)).toBeUndefined();
  });

  it('is no error when it cannot be written', () => {
    writeFileSync(join(dir, 'a-file'), '');
    process.env['LDAPMOCK_CACHE_DIR'] = join(dir, 'a-file');
    expect(() => writeCacheEntry('naming-x', { format: 1 })).not.toThrow();
    expect(readCacheEntry('naming-x', 1)).toBeUndefined();
  });

  it('keeps the newest 64 entries', () => {
    for (let i = 0; i < 64; i++) {
      writeCacheEntry(`naming-${i}`, { format: 1 });
      // Oldest first, a second apart: file times are not finer on every file system.
      const time = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
      utimesSync(join(dir, 'cache', `naming-${i}.json`), time, time);
    }
    writeCacheEntry('naming-new', { format: 1 });
    const kept = readdirSync(join(dir, 'cache'));
    expect(kept).toHaveLength(64);
    expect(kept).not.toContain('naming-0.json');
    expect(kept).toContain('naming-1.json');
    expect(kept).toContain('naming-new.json');
  });
});
