/**
 * Reading one value the way OpenBao's API takes it — durations as `"30s"`, `"1m30s"` or a number
 * of seconds; lists as a comma string or an array; booleans as `true` or `"true"`/`"1"`/`"t"`…;
 * numbers as strings — each parser returning the value, or recording a problem (key and reason)
 * and returning undefined, so every problem of a configuration is reported at once.
 */
import net from 'node:net';
import { parseDN } from '../../core/dn-parse.js';
import { DurationError, parseDuration } from '../duration.js';
import { LdapConfigError } from '../errors/config.js';

const SECRET_KEYS: ReadonlySet<string> = new Set(['bindpass', 'client_tls_key']);

export class Problems {
  readonly list: LdapConfigError[] = [];
  readonly keys = new Set<string>();
  add(key: string, reason: string): undefined {
    this.list.push(new LdapConfigError(key, reason));
    this.keys.add(key);
    return undefined;
  }
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

/** The value, for an error message: never for a secret key, and shortened. */
function shown(key: string, value: unknown): string {
  if (SECRET_KEYS.has(key)) return '(value not shown)';
  const text = typeof value === 'string' ? value : String(value);
  const json = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  return json;
}

export function parseString(key: string, value: unknown, problems: Problems): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return problems.add(key, `expected a string, got ${describeType(value)}`);
}

const TRUE_STRINGS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_STRINGS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export function parseBool(key: string, value: unknown, problems: Problems): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (TRUE_STRINGS.has(value)) return true;
    if (FALSE_STRINGS.has(value)) return false;
    return problems.add(key, `expected a boolean (true or false), got the string ${shown(key, value)}`);
  }
  if (value === 0 || value === 1) return value === 1;
  return problems.add(key, `expected a boolean (true or false), got ${describeType(value)}`);
}

export function parseInteger(
  key: string,
  value: unknown,
  problems: Problems,
  max: number,
): number | undefined {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^[+-]?[0-9]+$/.test(value.trim())) n = Number(value.trim());
  else if (typeof value === 'string')
    return problems.add(key, `expected a whole number, got ${shown(key, value)}`);
  else return problems.add(key, `expected a whole number, got ${describeType(value)}`);
  if (!Number.isInteger(n)) return problems.add(key, `expected a whole number, got ${n}`);
  if (n < 0) return problems.add(key, `must not be negative, got ${n}`);
  if (n > max) return problems.add(key, `must be at most ${max}, got ${n}`);
  return n;
}

export function parseNonNegativeDuration(
  key: string,
  value: unknown,
  problems: Problems,
): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return problems.add(
      key,
      `expected a duration such as "30s" or a number of seconds, got ${describeType(value)}`,
    );
  }
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (error) {
    if (error instanceof DurationError) {
      return problems.add(
        key,
        `${error.reason} in ${JSON.stringify(error.input)} (expected e.g. "30s", "1m30s", 30)`,
      );
    }
    throw error;
  }
  if (ms < 0) return problems.add(key, `must not be negative, got ${shown(key, value)}`);
  return ms;
}

/** A comma string or an array of strings → trimmed items, empties dropped. */
export function parseList(key: string, value: unknown, problems: Problems): string[] | undefined {
  let items: unknown[];
  if (typeof value === 'string') items = value.split(',');
  else if (Array.isArray(value)) items = value;
  else
    return problems.add(
      key,
      `expected a comma-separated string or an array of strings, got ${describeType(value)}`,
    );
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== 'string') {
      return problems.add(key, `item ${i + 1} of the list is ${describeType(item)}, expected a string`);
    }
    const trimmed = item.trim();
    if (trimmed !== '') out.push(trimmed);
  }
  return out;
}

export function parseEnum<T extends string>(
  key: string,
  value: unknown,
  allowed: readonly T[],
  problems: Problems,
): T | undefined {
  if (typeof value !== 'string') {
    return problems.add(key, `expected one of ${allowed.join(', ')}, got ${describeType(value)}`);
  }
  const lower = value.trim().toLowerCase();
  const match = allowed.find((a) => a === lower);
  if (match === undefined)
    return problems.add(key, `expected one of ${allowed.join(', ')}, got ${shown(key, value)}`);
  return match;
}

export function parseUrls(key: string, value: unknown, problems: Problems): string[] | undefined {
  let items: unknown[];
  if (typeof value === 'string') items = value.split(',');
  else if (Array.isArray(value)) items = value;
  else
    return problems.add(key, `expected a URL or a comma-separated list of URLs, got ${describeType(value)}`);
  if (items.length === 0) return problems.add(key, 'at least one URL is needed');
  const urls: string[] = [];
  let failed = false;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const where = items.length > 1 ? `URL ${i + 1} of ${items.length}` : 'URL';
    if (typeof item !== 'string') {
      problems.add(key, `${where} is ${describeType(item)}, expected a string`);
      failed = true;
      continue;
    }
    const url = item.trim().toLowerCase();
    if (url === '') {
      problems.add(key, `${where} is empty`);
      failed = true;
      continue;
    }
    // OpenBao stores any URL and finds out when it dials: one that cannot be used is one failed
    // entry of the failover (a warning here), never a reason to refuse the whole list.
    urls.push(url);
  }
  return failed ? undefined : urls;
}

/** An attribute description: a descr (letter, letters/digits/hyphens) or a numeric OID, plus ;options. */
function isAttributeDescription(value: string): boolean {
  return /^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)+)(?:;[A-Za-z0-9-]+)*$/.test(value);
}

export function parseAttribute(
  key: string,
  value: unknown,
  problems: Problems,
  lowerCase: boolean,
): string | undefined {
  const text = parseString(key, value, problems);
  if (text === undefined) return undefined;
  if (text === '') return problems.add(key, 'must not be empty');
  if (!isAttributeDescription(text)) {
    return problems.add(
      key,
      `${shown(key, text)} is not an attribute name (letters, digits and '-', starting with a letter)`,
    );
  }
  return lowerCase ? text.toLowerCase() : text;
}

export function parseDNString(key: string, value: unknown, problems: Problems): string | undefined {
  const text = parseString(key, value, problems);
  if (text === undefined || text === '') return text;
  try {
    parseDN(text);
  } catch (error) {
    return problems.add(key, `not a valid DN: ${(error as Error).message}`);
  }
  return text;
}

export function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = net.isIP(address);
  if (family === 0) return false;
  if (slash < 0) return true;
  const bits = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}
