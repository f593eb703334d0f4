/**
 * An application's own schema (`schema: [files]`, `--schema FILE`): each file read in whichever
 * form it is in (core/schema-source.ts) and added, in order, to the profile's schema, so that a
 * fixture using the application's attribute types and classes loads under strict checking.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSchemaSource } from '../core/schema-source.js';
import type { SchemaOptions } from './directory/schema.js';
import { extendSchema } from './directory/schema-extension.js';
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
  const loaded = files.map((item, index) => {
    if (typeof item === 'string' && item.includes('\n'))
      return { file: `<schema #${index + 1}>`, source: readSchemaSource(item, `<schema #${index + 1}>`) };
    const path = item instanceof URL ? fileURLToPath(item) : item;
    let text: Buffer;
    try {
      text = readFileSync(path);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : message;
      throw new SchemaFileReadError(path, reason, option);
    }
    return { file: path, source: readSchemaSource(text, path) };
  });
  return extendSchema(profile.schema, loaded);
}
