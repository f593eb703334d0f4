/**
 * An application's own schema (`schema: [files]`, `--schema FILE`): each file read in whichever
 * form it is in (core/schema-source.ts) and added, in order, to the profile's schema, so that a
 * fixture using the application's attribute types and classes loads under strict checking.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSchemaSource } from '../core/schema-source.js';
import { identify, identityOf } from './content-identity.js';
import type { SchemaOptions } from './directory/schema.js';
import { extendSchema } from './directory/schema-extension.js';
import { cacheEntryName, readCacheEntry, writeCacheEntry } from './image-cache.js';
import type { Profile } from './profiles/profile.js';

/** A schema file that cannot be read at all (missing, unreadable): names the option and the path. */
export class SchemaFileReadError extends Error {
  override readonly name = 'SchemaFileReadError';
  constructor(
    readonly path: string,
    readonly reason: string,
    option = 'schema',
  ) {
    super(`${option}: cannot read schema file '${path}': ${reason}`);
  }
}

/**
 * The profile's schema with the files' definitions added. A string with a newline is schema text
 * (named `<schema #n>` in errors), anything else a path. SchemaFileError (core) names file:line
 * and the problem of a definition; SchemaFileReadError a file that cannot be read.
 */
export function loadSchemaFiles(
  profile: Profile,
  files: readonly (string | URL)[],
  option = 'schema',
): SchemaOptions {
  if (files.length === 0) return profile.schema;
  const texts = files.map((item, index) => {
    if (typeof item === 'string' && item.includes('\n'))
      return { file: `<schema #${index + 1}>`, text: item };
    const path = item instanceof URL ? fileURLToPath(item) : item;
    try {
      return { file: path, text: readFileSync(path) };
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : message;
      throw new SchemaFileReadError(path, reason, option);
    }
  });
  // Servers started with the same files share one extended schema (and so the directories built on it).
  const key = cacheKey(texts);
  let extended = cache.get(profile.schema);
  if (!extended) cache.set(profile.schema, (extended = new Map()));
  let schema = extended.get(key);
  if (!schema) {
    schema = cachedExtension(profile.schema, key, () =>
      extendSchema(
        profile.schema,
        texts.map(({ file, text }) => ({ file, source: readSchemaSource(text, file) })),
      ),
    );
    if (extended.size >= MAX_CACHED) extended.delete(extended.keys().next().value!);
    extended.set(key, schema);
  }
  return schema;
}

/** The definitions of an extended schema as kept on disk (image-cache.ts); the rules are the base's. */
interface ExtensionImage extends Omit<SchemaOptions, 'extension'> {
  readonly format: typeof IMAGE_FORMAT;
}

const IMAGE_FORMAT = 1;

/** The extension kept on disk for these files, else `extend()`'s, kept for the next process. */
function cachedExtension(base: SchemaOptions, key: string, extend: () => SchemaOptions): SchemaOptions {
  const baseIdentity = identityOf(base);
  const name = baseIdentity === undefined ? undefined : cacheEntryName('schema', [baseIdentity, key]);
  const image = name === undefined ? undefined : readCacheEntry<ExtensionImage>(name, IMAGE_FORMAT);
  let schema: SchemaOptions;
  if (image) {
    const { format: _format, ...definitions } = image;
    schema = { ...definitions, ...(base.extension && { extension: base.extension }) };
  } else {
    schema = extend();
    if (name !== undefined && schema !== base) {
      const { extension: _rules, ...definitions } = schema;
      writeCacheEntry(name, { format: IMAGE_FORMAT, ...definitions });
    }
  }
  // Directories loaded on it are named by its base and the files' contents.
  return schema === base || baseIdentity === undefined
    ? schema
    : identify(schema, `${baseIdentity} + ${key}`);
}

const MAX_CACHED = 8;
/** Extended schemas by the schema they extend and the files' names and contents. */
const cache = new WeakMap<SchemaOptions, Map<string, SchemaOptions>>();

function cacheKey(texts: readonly { file: string; text: string | Buffer }[]): string {
  const hash = createHash('sha256');
  for (const { file, text } of texts) hash.update(file).update('\u0000').update(text).update('\u0000');
  return hash.digest('hex');
}
