/**
 * What a bootstrap folder configures, kept on disk (image-cache.ts) so that a later process reads
 * it instead of reading every cn=config record again. The entry is named by everything reading the
 * folder depends on: the folders as given and the working folder they are found from, the image's
 * conventions asked for, each `*.ldif` file's name and text, and the environment it reads — every
 * `LDAP_*` variable (the images' settings) and every variable the files' `{{ NAME }}` templates
 * name. The certificate files cn=config names are outside the folders: the entry says which were
 * here, and serves only while that is still so. Kept only for osixia's conventions (bitnami's reads
 * more places) and when no certificate of the folder's serves (its key stays where it is).
 *
 * Nothing the environment gave is kept here: the data (its templates filled), the image's own
 * entries and the administrator's password are made again on every read, which takes a scan of
 * the files; what is kept is what reading the cn=config records took.
 */
import { existsSync } from 'node:fs';
import { cacheEntryName, readCacheEntry, writeCacheEntry } from '../image-cache.js';
import type { Bootstrap, BootstrapOptions } from './bootstrap-folder.js';
import { templateNames } from './templates.js';

export interface KeptBootstrap {
  readonly format: typeof FORMAT;
  readonly schema: Bootstrap['schema'];
  readonly rootDN: string;
  /** olcRootPW as the folder sets it; null: made from the environment as the image makes it. */
  readonly rootPassword: string | null;
  readonly server: Bootstrap['server'];
  readonly notices: Bootstrap['notices'];
  /** The certificate files cn=config names, each with whether it was here. */
  readonly certificateFiles: readonly (readonly [path: string, here: boolean])[];
}

const FORMAT = 1;

/** The name of the entry for the folders read with `given` as the environment; undefined: none kept. */
export function keptBootstrapName(
  options: BootstrapOptions,
  given: Readonly<Record<string, string | undefined>>,
  files: readonly { readonly path: string; readonly text: string }[],
): string | undefined {
  const names = new Set(Object.keys(given).filter((name) => name.startsWith('LDAP_')));
  for (const { text } of files) for (const name of templateNames(text)) names.add(name);
  const environment = [...names].sort().map((name) => `${name}=${given[name] ?? '\u0000unset'}`);
  const where = JSON.stringify({ dirs: options.dirs, image: options.image ?? null, cwd: process.cwd() });
  return cacheEntryName('bootstrap', [
    where,
    environment.join('\u0000'),
    ...files.flatMap(({ path, text }) => [path, text]),
  ]);
}

/**
 * JSON.parse's reviver for a kept entry: the values of olcAccess filters are Buffers, which
 * JSON.stringify writes as `{ type: 'Buffer', data: [...] }`.
 */
export function reviveBuffers(_key: string, value: unknown): unknown {
  const written = value as { type?: unknown; data?: unknown } | null;
  return written?.type === 'Buffer' && Array.isArray(written.data) ? Buffer.from(written.data) : value;
}

/** The entry, if it is there and the certificate files it names are as they were. */
export function readKeptBootstrap(name: string): KeptBootstrap | undefined {
  const kept = readCacheEntry<KeptBootstrap>(name, FORMAT, reviveBuffers);
  const unchanged = kept?.certificateFiles.every(([path, here]) => existsSync(path) === here);
  return unchanged ? kept : undefined;
}

export function keepBootstrap(name: string, kept: Omit<KeptBootstrap, 'format'>): void {
  writeCacheEntry<KeptBootstrap>(name, { format: FORMAT, ...kept });
}
