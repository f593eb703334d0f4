/**
 * Loads LDIF (files or text) into a directory. Every problem is reported with `file:line` — the
 * LDIF syntax errors of all sources and the directory errors of each record — and nothing is
 * loaded unless everything is valid, so a broken fixture never half-replaces good data.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDN } from '../core/dn-format.js';
import { normalizeDN, normalizedParent } from '../core/dn-normalize.js';
import { parseDN } from '../core/dn-parse.js';
import type { LdifRecord } from '../core/ldif.js';
import { LdifError } from '../core/ldif.js';
import { readLdif } from '../core/ldif-reader.js';
import { resultCodeName } from '../core/result-code.js';
import type { Directory } from './directory/directory.js';
import type { NewAttribute } from './directory/directory-changes.js';
import type { Entry } from './directory/entry.js';
import { isSchemaViolation } from './directory/schema-check.js';
import { DirectoryViolation, type Violation } from './directory/violation.js';

export interface LdifSource {
  /** Shown in errors: the file path, or `<ldif #n>` for inline text. */
  readonly name: string;
  readonly text: string | Buffer;
}

/** What a fixture the schema refuses is told it may do about it. */
export const SCHEMA_HINT =
  "hint: entries are checked against the schema as the emulated server checks them; load your application's " +
  'attribute types and classes with --schema FILE (startMockServer: schema: [files]; OpenLDAP .schema, ' +
  'cn=schema LDIF or AD attributeSchema/classSchema LDIF), or, for data no schema describes, use ' +
  '--lenient-schema (strictSchema: false), which requires only an objectClass';

/** A record the directory refused; `bySchema` when the schema check did (SCHEMA_HINT applies). */
export class RecordError extends LdifError {
  constructor(
    file: string,
    line: number,
    reason: string,
    readonly bySchema: boolean,
  ) {
    super(file, line, reason);
  }
}

/** Whether any of the problems is a record the schema refused. */
export function refusedBySchema(problems: readonly LdifError[]): boolean {
  return problems.some((p) => p instanceof RecordError && p.bySchema);
}

export class FixtureError extends Error {
  override name = 'FixtureError';
  constructor(readonly problems: readonly LdifError[]) {
    const hint = refusedBySchema(problems) ? `\n${SCHEMA_HINT}` : '';
    super(`invalid LDIF:\n${problems.map((p) => `  ${p.message}`).join('\n')}${hint}`);
  }
}

/** A string with a newline or starting with `dn:`/`version:` is LDIF text; anything else is a path. */
export function toSources(ldif: readonly (string | URL)[]): LdifSource[] {
  return ldif.map((item, i) => {
    if (item instanceof URL) return { name: fileURLToPath(item), text: readFileSync(item) };
    if (/\n/.test(item) || /^\s*(dn|version)\s*:/i.test(item))
      return { name: `<ldif #${i + 1}>`, text: item };
    return { name: item, text: readFileSync(item) };
  });
}

export function readSources(sources: readonly LdifSource[]): {
  records: { source: string; record: LdifRecord }[];
  errors: LdifError[];
} {
  const records: { source: string; record: LdifRecord }[] = [];
  const errors: LdifError[] = [];
  for (const source of sources) {
    const result = readLdif(source.text, {
      fileName: source.name,
      resolveUrl: (url) => readFileSync(new URL(url)),
    });
    errors.push(...result.errors);
    for (const record of result.records) records.push({ source: source.name, record });
  }
  return { records, errors };
}

export interface ApplyOptions {
  /** Attributes every added entry also gets (the operational stamps of an LDAP add). */
  readonly extraAttributes?: (attributes: readonly NewAttribute[]) => readonly NewAttribute[];
  /** Sees every entry an add, modify or modrdn would store, and may throw to refuse it (the schema). */
  readonly validate?: (entry: Entry) => void;
  /** A refused record's result code and text, as the server the directory emulates answers it. */
  readonly explain: (violation: Violation) => { readonly code: number; readonly message: string };
}

/** The extra attributes an entry does not carry already (a persisted file keeps its stamps). */
function missingExtras(attributes: readonly NewAttribute[], options: ApplyOptions): readonly NewAttribute[] {
  const extras = options.extraAttributes?.(attributes) ?? [];
  if (extras.length === 0) return extras;
  return extras.filter((extra) => !attributes.some((a) => sameType(a.type, extra.type)));
}

/** Lengths first: most pairs differ in length, and then no lower-case copy is made. */
const sameType = (a: string, b: string) =>
  a.length === b.length && (a === b || a.toLowerCase() === b.toLowerCase());

/** Applies records in order; entries whose parent is not loaded become naming contexts. */
export function applyRecords(
  directory: Directory,
  records: readonly { source: string; record: LdifRecord }[],
  options: ApplyOptions,
): LdifError[] {
  const errors: LdifError[] = [];
  // A naming context is an entry none of whose ancestors is loaded, now or later in the files.
  const { added, ndns } = addedNames(records);
  const isRoot = (index: number, dn: string) => {
    // Nearly every entry's parent is among the records: no need to look further up.
    const parent = normalizedParent(ndns[index]!);
    return (parent === '' || !added.has(parent)) && ancestorsOf(dn).every((a) => !added.has(a));
  };
  for (const [index, { source, record }] of records.entries()) {
    try {
      switch (record.kind) {
        case 'content':
        case 'add':
          directory.add(record.dn, [...record.attributes, ...missingExtras(record.attributes, options)], {
            allowRoot: isRoot(index, record.dn),
            ...(options.validate && { validate: options.validate }),
          });
          break;
        case 'delete':
          directory.delete(record.dn);
          break;
        case 'modify':
          directory.modify(record.dn, record.changes, options.validate);
          break;
        case 'modrdn':
          directory.rename(
            record.dn,
            record.newRdn,
            record.deleteOldRdn,
            record.newSuperior,
            options.validate,
          );
          break;
      }
    } catch (error) {
      if (!(error instanceof DirectoryViolation)) throw error;
      const reason = `${record.dn}: ${describe(error.violation, options)}`;
      errors.push(new RecordError(source, record.line, reason, isSchemaViolation(error.violation)));
    }
  }
  return errors;
}

function describe(violation: Violation, options: ApplyOptions): string {
  const { code, message } = options.explain(violation);
  // Servers leave some texts empty (slapd's 68): the result code's name says it then.
  const reason = message || `${resultCodeName(code)} (${code})`;
  return violation.kind === 'noSuchEntry' ? `parent entry does not exist (${reason})` : reason;
}

/** The first entry whose parent is not among the records: the fixture's base DN, as written. */
export function firstNamingContext(records: readonly { record: LdifRecord }[]): string | undefined {
  const { added, ndns } = addedNames(records);
  for (const [index, { record }] of records.entries()) {
    if (record.kind !== 'content' && record.kind !== 'add') continue;
    const parent = normalizedParent(ndns[index]!);
    if (parent === '' || !added.has(parent)) return record.dn;
  }
  return undefined;
}

interface AddedNames {
  /** Normalised DNs of the entries the records add. */
  readonly added: ReadonlySet<string>;
  /** Each record's DN normalised ('' when it does not add an entry); an invalid DN as it is. */
  readonly ndns: readonly string[];
}

/** Once per records (a start asks twice). */
const addedByRecords = new WeakMap<readonly object[], AddedNames>();
function addedNames(records: readonly { record: LdifRecord }[]): AddedNames {
  let names = addedByRecords.get(records);
  if (!names) {
    const ndns = records.map(({ record }) =>
      record.kind === 'content' || record.kind === 'add' ? normalizeOrSelf(record.dn) : '',
    );
    names = { added: new Set(ndns.filter((ndn) => ndn !== '')), ndns };
    addedByRecords.set(records, names);
  }
  return names;
}

function normalizeOrSelf(dn: string): string {
  try {
    return normalizeDN(dn);
  } catch {
    return dn;
  }
}

/** Normalised DNs of every ancestor of a DN, nearest first. */
function ancestorsOf(dn: string): string[] {
  try {
    const rdns = parseDN(dn);
    return rdns.slice(1).map((_, i) => normalizeDN(formatDN(rdns.slice(i + 1))));
  } catch {
    return [];
  }
}
