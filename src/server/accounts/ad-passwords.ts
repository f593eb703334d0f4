/** AD password values: unicodePwd's quoted UTF-16LE encoding, the complexity rule, and the byte helpers the history needs. */
import type { AttributeValue } from '../operations.js';
import type { AdAccountOptions } from './ad-account-context.js';

/** The unicodePwd value of a password: the password in double quotes, UTF-16LE. */
export function encodedPassword(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

/** The password in a unicodePwd value, or undefined when it is not quoted UTF-16LE. */
export function decodePassword(value: Buffer): string | undefined {
  if (value.length < 4 || value.length % 2 !== 0) return undefined;
  const text = value.toString('utf16le');
  return text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : undefined;
}

/**
 * AD complexity: three of upper case, lower case, digits, other characters (letters of any
 * script count as letters); and, where the profile says so, no account name or display-name
 * token of three or more characters inside it.
 */
export function isComplex(password: string, names: readonly string[]): boolean {
  const classes = [/\p{Lu}/u, /\p{Ll}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((re) =>
    re.test(password),
  ).length;
  const lower = password.toLowerCase();
  const containsName = names
    .flatMap((name) => [name, ...name.split(/[,.\-_ #\t]+/)])
    .some((token) => token.length >= 3 && lower.includes(token.toLowerCase()));
  return classes >= 3 && !containsName;
}

/** Names a Windows password may not contain (Samba checks none). */
export function forbiddenNames(
  options: AdAccountOptions,
  account: string | undefined,
  displayName: string | undefined,
): string[] {
  if (!options.complexityForbidsAccountName) return [];
  return [account, displayName].filter((n): n is string => n !== undefined);
}

export function toBuffer(value: AttributeValue): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

/** The values as Buffers, each byte sequence once, first occurrence kept. */
export function dedupe(values: readonly AttributeValue[]): Buffer[] {
  const seen = new Set<string>();
  const out: Buffer[] = [];
  for (const value of values.map(toBuffer)) {
    const key = value.toString('hex');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(value);
    }
  }
  return out;
}
