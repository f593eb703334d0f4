/**
 * Access rules from a configuration: a bootstrap folder's olcAccess changes to the data database
 * and the frontend, applied over the rules the server starts with, and slapd.conf's `access`
 * directives. Every rule is read as slapd reads it (access/parse-access.ts); one that cannot be
 * is named with its file:line and why, and left out. The olcAccess of the config database
 * guards cn=config, which the mock does not serve: named as not emulated.
 */
import type { LdifRecord } from '../../core/ldif.js';
import type { AccessConfiguration, AccessRule } from '../access/access-rule.js';
import { accessRule, parseAccess } from '../access/parse-access.js';
import type { ServerConfiguration } from './bootstrap-folder.js';
import { addOrdered, deleteOrdered, replaceOrdered } from './ordered-values.js';

/**
 * The data database's rules before a folder changes them: the built-in configuration's
 * (scripts/slapd-up.sh), which is what the openldap profile does without rules.
 */
const STARTING_RULES = ['to attrs=userPassword by self write by * auth', 'to * by * read'];

type List = 'database' | 'frontend';

interface HeldRule {
  readonly text: string;
  /** Undefined for a rule that could not be read (kept so that `{N}` positions stay slapd's). */
  readonly rule?: AccessRule;
}

const held = new WeakMap<ServerConfiguration, Record<List, HeldRule[]>>();

const DATA_DATABASE = /^olcdatabase=(\{\d+\})?(mdb|hdb|bdb)\b/i;
const FRONTEND = /^olcdatabase=(\{-1\})?frontend\s*,/i;

/** Takes the record's olcAccess changes into `server.access`; other settings are left to the caller. */
export function takeAccessRecord(
  server: ServerConfiguration,
  record: LdifRecord,
  where: string,
  notices: string[],
): void {
  const changes = accessChanges(record);
  if (changes.length === 0) return;
  const dn = record.dn.trim();
  const list: List | undefined = DATA_DATABASE.test(dn)
    ? 'database'
    : FRONTEND.test(dn)
      ? 'frontend'
      : undefined;
  if (!list) {
    notices.push(`ignored: olcAccess of ${dn} in ${where}`);
    return;
  }
  const lists = listsOf(server, STARTING_RULES);
  const read = (text: string) => readRule(text, dn, where, notices);
  for (const { operation, values } of changes) {
    if (operation === 'replace') lists[list] = replaceOrdered(values, read);
    else if (operation === 'add') addOrdered(lists[list], values, read);
    else if (!deleteOrdered(lists[list], values, (r) => r.text))
      notices.push(`ignored: a delete of olcAccess values not there, of ${dn} in ${where}`);
  }
  server.access = configurationOf(lists);
}

/** A slapd.conf `access` directive: the global section's and `database frontend`'s go to the frontend. */
export function takeAccessDirective(
  server: ServerConfiguration,
  database: string,
  text: string,
  where: string,
  notices: string[],
): void {
  const list: List | undefined = ['', 'frontend'].includes(database)
    ? 'frontend'
    : ['mdb', 'hdb', 'bdb'].includes(database)
      ? 'database'
      : undefined;
  if (!list) {
    notices.push(`ignored: access of database ${database} in ${where}`);
    return;
  }
  const lists = listsOf(server, []);
  lists[list].push(readRule(text, `database ${database || 'frontend'}`, where, notices));
  server.access = configurationOf(lists);
}

/** The directive starting at a 1-based line, its indented continuation lines joined on. */
export function directiveAt(fileText: string, line: number): string {
  const lines = fileText.split(/\r?\n/);
  let text = lines[line - 1]?.trim() ?? '';
  for (let i = line; i < lines.length && /^\s+\S/.test(lines[i]!) && !/^\s*#/.test(lines[i]!); i++) {
    text += ` ${lines[i]!.trim()}`;
  }
  return text;
}

function accessChanges(record: LdifRecord): { operation: string; values: string[] }[] {
  const isAccess = (type: string) => type.toLowerCase() === 'olcaccess';
  if (record.kind === 'content' || record.kind === 'add') {
    return record.attributes
      .filter((a) => isAccess(a.type))
      .map((a) => ({ operation: 'replace', values: a.values.map(String) }));
  }
  if (record.kind !== 'modify') return [];
  return record.changes
    .filter((c) => isAccess(c.type))
    .map((c) => ({ operation: c.operation, values: c.values.map(String) }));
}

function listsOf(server: ServerConfiguration, starting: readonly string[]): Record<List, HeldRule[]> {
  let lists = held.get(server);
  if (!lists) {
    lists = { database: starting.map((text) => ({ text, rule: accessRule(text) })), frontend: [] };
    held.set(server, lists);
  }
  return lists;
}

function readRule(text: string, owner: string, where: string, notices: string[]): HeldRule {
  const parsed = parseAccess(text);
  if ('problem' in parsed) {
    notices.push(`ignored: the access rule "${text.trim()}" of ${owner} in ${where}: ${parsed.problem}`);
    return { text };
  }
  return { text: parsed.text, rule: parsed };
}

function configurationOf(lists: Record<List, HeldRule[]>): AccessConfiguration {
  const rules = (list: readonly HeldRule[]) => list.flatMap((r) => (r.rule ? [r.rule] : []));
  return { database: rules(lists.database), frontend: rules(lists.frontend) };
}
