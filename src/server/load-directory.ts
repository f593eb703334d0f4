/**
 * The one way data gets into a directory — at start, on reload, by `server.apply()` and by
 * `ldif validate`: records applied in order, each entry given what an ldapadd by the
 * administrator would give it (the profile's account defaults, such as an AD SID, and its
 * operational stamps), every problem named with file:line in the emulated server's words.
 */
import type { LdifError } from '../core/ldif.js';
import { Directory } from './directory/directory.js';
import type { NewAttribute } from './directory/directory-changes.js';
import { Schema, type SchemaOptions } from './directory/schema.js';
import { checkEntrySchema } from './directory/schema-check.js';
import { storageRules } from './engine/storage-rules.js';
import {
  applyRecords,
  FixtureError,
  firstNamingContext,
  type LdifSource,
  readSources,
} from './fixture-loader.js';
import type { Profile } from './profiles/profile.js';

export interface DirectorySetup {
  readonly profile: Profile;
  /** Whom the creation stamps name (slapd's rootdn; '' for none). */
  readonly creator: string;
  /** Check every entry against the schema as the server does (default); false: only an objectClass. */
  readonly strictSchema?: boolean;
  /** The schema, when not the profile's own (extended with an application's files: schema-files.ts). */
  readonly schema?: SchemaOptions;
  readonly now?: () => Date;
}

export type FixtureRecords = ReturnType<typeof readSources>['records'];

/** Schemas are immutable once built, so every directory on the same definitions shares one. */
const schemas = new WeakMap<SchemaOptions, Schema>();

/** A new, empty directory for the profile: its schema (or `schema`) and how it stores DNs and passwords. */
export function emptyDirectory(profile: Profile, options: SchemaOptions = profile.schema): Directory {
  let schema = schemas.get(options);
  if (!schema) schemas.set(options, (schema = new Schema(options)));
  return new Directory(schema, storageRules(profile));
}

/** The records of the sources; FixtureError names every syntax problem (file:line). */
export function readFixtures(sources: readonly LdifSource[]): FixtureRecords {
  const { records, errors } = readSources(sources);
  if (errors.length > 0) throw new FixtureError(errors);
  return records;
}

/**
 * Applies the records to the directory, in order, and returns the problems. `baseDN` is the
 * domain whose policy applies (AD); default the first naming context the records create.
 */
export function loadRecords(
  directory: Directory,
  records: FixtureRecords,
  setup: DirectorySetup & { readonly baseDN?: string },
): LdifError[] {
  const { profile, creator } = setup;
  const strict = setup.strictSchema ?? true;
  const now = setup.now ?? (() => new Date());
  const accounts = profile.accounts({
    directory,
    now,
    baseDN: setup.baseDN ?? firstNamingContext(records) ?? '',
  });
  return applyRecords(directory, records, {
    extraAttributes: (attributes: readonly NewAttribute[]) => {
      const defaults = accounts.defaults?.(attributes) ?? [];
      return [...defaults, ...profile.stamps.creation(creator, now(), [...attributes, ...defaults])];
    },
    validate: (entry) => checkEntrySchema(directory.schema, entry, strict),
    explain: (violation) => profile.violation(violation),
  });
}

/** A new directory holding the records; all or nothing (FixtureError names every problem). */
export function loadDirectory(records: FixtureRecords, setup: DirectorySetup): Directory {
  const directory = emptyDirectory(setup.profile, setup.schema);
  const errors = loadRecords(directory, records, setup);
  if (errors.length > 0) throw new FixtureError(errors);
  return directory;
}

/** More records on top of the directory's data; on any problem the data is left as it was. */
export function applyFixtures(directory: Directory, records: FixtureRecords, setup: DirectorySetup): void {
  const before = directory.snapshot();
  const errors = loadRecords(directory, records, { ...setup, baseDN: directory.roots()[0]?.dn ?? '' });
  if (errors.length > 0) {
    directory.restore(before);
    throw new FixtureError(errors);
  }
}
