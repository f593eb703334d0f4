/**
 * The configuration file of the authenticator commands (`login`, `test-connection`,
 * `sync-users`, `rotate-password`):
 *
 * ```json
 * { "config": { "url": "ldaps://dc1:636", "certificate": "@ca.pem", … OpenBao keys … },
 *   "groups": { "admins": { "policies": "a,b" } },
 *   "users": { "alice": { "groups": "admins", "policies": "p" } },
 *   "defaultPolicies": "reader" }
 * ```
 *
 * `config` holds OpenBao's `auth/ldap/config` keys exactly; `groups`, `users` are its `groups/`
 * and `users/` paths; `defaultPolicies` is given to everyone (TrueCommand's default teams). The
 * PEM keys (certificate, client_tls_cert, client_tls_key) take `@path`, read relative to the
 * configuration file, as the Vault CLI's `@file` arguments do. Every problem in the file is
 * collected and reported at once, one `<file>: <where>: <reason>` line each; a reason never quotes
 * a secret (bindpass, a private key).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LdapAuthenticator, type LdapAuthenticatorOptions } from '../client/authenticator.js';
import type { LdapAuthConfig } from '../client/config/index.js';
import { closestKnownKey, parseLdapAuthConfig } from '../client/config/index.js';
import { LdapConfigErrors } from '../client/errors/config.js';
import { editDistance, squashKey } from '../client/key-distance.js';

/** Keys whose value may be `@path` (a PEM file next to the configuration). */
const PEM_FILE_KEYS: readonly string[] = ['certificate', 'client_tls_cert', 'client_tls_key'];

const TOP_LEVEL_KEYS: readonly string[] = ['config', 'groups', 'users', 'defaultPolicies'];
const USER_KEYS: readonly string[] = ['groups', 'policies'];
const GROUP_KEYS: readonly string[] = ['policies'];

type PolicyOptions = NonNullable<LdapAuthenticatorOptions['policies']>;
type ListValue = string | string[];

export interface AuthConfigFile {
  /** The path as given (it prefixes every error). */
  readonly path: string;
  /** The OpenBao configuration, `@file` values replaced by the files' contents. */
  readonly config: LdapAuthConfig;
  /** Local user and group mappings and the default policies. */
  readonly policies: PolicyOptions;
}

/** Everything wrong with a configuration file; `message` has one `<file>: <problem>` line each. */
export class AuthConfigFileError extends Error {
  override readonly name = 'AuthConfigFileError';
  readonly file: string;
  /** Each problem as `<where>: <reason>`, without the file name. */
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super(problems.map((problem) => `${file}: ${problem}`).join('\n'));
    this.file = file;
    this.problems = problems;
  }
}

/** Reads and validates the file; throws AuthConfigFileError listing every problem. */
function readAuthConfigFile(path: string): AuthConfigFile {
  const problems: string[] = [];
  const fail = (): never => {
    throw new AuthConfigFileError(path, problems);
  };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`cannot read the file: ${fileErrorReason(error)}`);
    return fail();
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    problems.push(`not valid JSON: ${jsonErrorReason(error as Error, text)}`);
    return fail();
  }
  if (!isPlainObject(document)) {
    problems.push(`expected a JSON object with a "config" key, got ${describeType(document)}`);
    return fail();
  }

  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL_KEYS.includes(key)) problems.push(`${key}: ${unknownTopLevelKey(key)}`);
  }

  const config: Record<string, unknown> = {};
  const rawConfig = document['config'];
  if (rawConfig === undefined) problems.push('config: missing (the OpenBao auth/ldap/config settings)');
  else if (!isPlainObject(rawConfig))
    problems.push(`config: expected an object, got ${describeType(rawConfig)}`);
  else {
    const folder = dirname(resolve(path));
    for (const [key, value] of Object.entries(rawConfig)) {
      if (PEM_FILE_KEYS.includes(key) && typeof value === 'string' && value.startsWith('@')) {
        const contents = readPemFile(folder, value.slice(1));
        if (typeof contents === 'string') setOwn(config, key, contents);
        else problems.push(`config.${key}: ${contents.problem}`);
      } else setOwn(config, key, value);
    }
    // Checked whatever else is wrong, so one run reports every problem.
    try {
      parseLdapAuthConfig(config);
    } catch (error) {
      if (!(error instanceof LdapConfigErrors)) throw error;
      for (const problem of error.errors) {
        problems.push(
          `${problem.key === '(config)' ? 'config' : `config.${problem.key}`}: ${problem.reason}`,
        );
      }
    }
  }

  const users = readMappings(document['users'], 'users', USER_KEYS, problems);
  const groups = readMappings(document['groups'], 'groups', GROUP_KEYS, problems);
  const defaultPolicies = readList(document['defaultPolicies'], 'defaultPolicies', problems);
  if (problems.length > 0) return fail();
  return {
    path,
    config: config as LdapAuthConfig,
    policies: {
      ...(users && { users }),
      ...(groups && { groups }),
      ...(defaultPolicies !== undefined && { defaultPolicies }),
    },
  };
}

/** Reads the file and builds the authenticator from it; throws AuthConfigFileError. */
export function openAuthenticator(path: string): LdapAuthenticator {
  const file = readAuthConfigFile(path);
  try {
    return new LdapAuthenticator(file.config, { policies: file.policies });
  } catch (error) {
    // The file was validated above; this is the library disagreeing with that validation.
    const reason = error instanceof Error ? error.message : String(error);
    throw new AuthConfigFileError(path, [reason.replaceAll('\n', ' ')]);
  }
}

function readPemFile(folder: string, name: string): string | { problem: string } {
  if (name === '') return { problem: '"@" must be followed by a file name, e.g. "@ca.pem"' };
  const full = resolve(folder, name);
  try {
    return readFileSync(full, 'utf8');
  } catch (error) {
    return { problem: `cannot read @${name} (${full}): ${fileErrorReason(error)}` };
  }
}

function readMappings(
  value: unknown,
  section: 'users' | 'groups',
  allowedKeys: readonly string[],
  problems: string[],
): Record<string, Record<string, ListValue>> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    problems.push(`${section}: expected an object of names, got ${describeType(value)}`);
    return undefined;
  }
  const out: Record<string, Record<string, ListValue>> = {};
  for (const [name, mapping] of Object.entries(value)) {
    const where = `${section}.${JSON.stringify(name)}`;
    if (name.trim() === '') {
      problems.push(`${where}: a name must not be empty`);
      continue;
    }
    if (!isPlainObject(mapping)) {
      problems.push(`${where}: expected an object such as {"policies": "a,b"}, got ${describeType(mapping)}`);
      continue;
    }
    const fields: Record<string, ListValue> = {};
    for (const [key, item] of Object.entries(mapping)) {
      if (!allowedKeys.includes(key)) {
        problems.push(`${where}.${key}: unknown key; expected ${allowedKeys.join(' or ')}`);
        continue;
      }
      const list = readList(item, `${where}.${key}`, problems);
      if (list !== undefined) fields[key] = list;
    }
    setOwn(out, name, fields);
  }
  return out;
}

/** A comma string or an array of strings, as OpenBao's list parameters. */
function readList(value: unknown, where: string, problems: string[]): ListValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const bad = value.findIndex((item) => typeof item !== 'string');
    if (bad < 0) return value as string[];
    problems.push(`${where}: item ${bad + 1} is ${describeType(value[bad])}, expected a string`);
    return undefined;
  }
  problems.push(
    `${where}: expected a comma-separated string or an array of strings, got ${describeType(value)}`,
  );
  return undefined;
}

function unknownTopLevelKey(key: string): string {
  const close = TOP_LEVEL_KEYS.find((known) => editDistance(squashKey(key), squashKey(known)) <= 2);
  if (close !== undefined) return `unknown key; did you mean "${close}"?`;
  // An OpenBao setting written at the top level instead of inside "config".
  const setting = closestKnownKey(key);
  if (setting !== undefined) {
    return `unknown key; OpenBao settings go inside "config" (did you mean "config.${setting}"?)`;
  }
  return `unknown key; expected ${TOP_LEVEL_KEYS.join(', ')}`;
}

/**
 * `object[key] = value`, always as an own property: assigning to a `__proto__` key (valid JSON)
 * would set the prototype instead, silently dropping an unknown setting or a user's mapping.
 */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * JSON.parse's reason, with the line and column of the problem. Never quotes the file: V8 puts a
 * piece of the text around the problem in some messages (`Unexpected token 'B', ..."pass":
 * Bind-S3cre"... is not valid JSON`), and that piece could be a bindpass. The piece is used only
 * to find the position: V8 starts it 10 characters before the problem (with `...` when cut).
 */
function jsonErrorReason(error: Error, text: string): string {
  // `… in JSON at position N`, or `… after JSON at position N` for text after a complete value.
  const withPosition = /^([\s\S]*?) (in|after) JSON at position (\d+)/.exec(error.message);
  if (withPosition) {
    const [, reason, where, position] = withPosition as unknown as [string, string, string, string];
    return `${reason}${where === 'after' ? ' after JSON' : ''}${locate(text, Number(position))}`;
  }
  // An empty or cut-short file: the problem is where the text ends.
  if (error.message.startsWith('Unexpected end of JSON input')) {
    return `Unexpected end of JSON input${locate(text, text.length)}`;
  }
  const quoting = /^(Unexpected token '[\s\S]*?'), (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(
    error.message,
  );
  if (quoting) {
    const [, reason, cut, piece] = quoting as unknown as [string, string, string | undefined, string];
    const token = /^Unexpected token '([\s\S]*)'$/.exec(reason)?.[1] ?? '';
    const at = cut ? text.indexOf(piece) + (text.indexOf(piece) < 0 ? 0 : 10) : piece.indexOf(token);
    return at < 0 ? reason : `${reason}${locate(text, at)}`;
  }
  const quote = error.message.indexOf(', "');
  return quote < 0 ? error.message : error.message.slice(0, quote);
}

/** ` at line L, column C` of a 0-based position in `text`. */
function locate(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return ` at line ${line}, column ${position - lineStart + 1}`;
}
