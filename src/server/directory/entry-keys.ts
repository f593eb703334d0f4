/** How a directory keys its entries and attributes under its schema: normalised DNs, attribute keys, the matched DN of a missing entry. */
import { BoundedMemo } from '../../core/bounded-memo.js';
import { formatDN } from '../../core/dn-format.js';
import { normalizeDN } from '../../core/dn-normalize.js';
import { parseDN, type RDN } from '../../core/dn-parse.js';
import type { Entry } from './entry.js';
import type { Schema } from './schema.js';

/**
 * The key of a DN: normalised (RFC 4514/4518), with every attribute type by its schema name, so
 * `userid=alice` and `0.9.2342.19200300.100.1.1=alice` name the same entry as `uid=alice`.
 * Throws on an invalid DN.
 */
export function normalizeEntryDN(schema: Schema, dn: string): string {
  let memo = normalized.get(schema);
  if (!memo) normalized.set(schema, (memo = new BoundedMemo()));
  // An invalid DN throws, and is not remembered.
  return memo.get(dn, (key) => normalizeUnder(schema, key));
}

/** Normalised DNs by schema, for the DNs a server sees again and again (search bases, bind names). */
const normalized = new WeakMap<Schema, BoundedMemo<string>>();

function normalizeUnder(schema: Schema, dn: string): string {
  const ndn = normalizeDN(dn);
  for (const match of ndn.matchAll(/(?:^|[,+])([^=,+\\]+)=/g)) {
    const type = match[1]!;
    if (schema.attributeType(type).key !== type) return normalizeTypes(schema, ndn);
  }
  return ndn;
}

function normalizeTypes(schema: Schema, ndn: string): string {
  const rdns = parseDN(ndn).map((rdn) =>
    rdn.map((ava) => ({ ...ava, type: schema.attributeType(ava.type).key })),
  );
  return normalizeDN(formatDN(rdns));
}

/**
 * The stored DN of the closest existing ancestor-or-self of `dn` ('' if none, or if `dn` is not
 * a DN): the matchedDN of a noSuchObject result.
 */
export function matchedDN(schema: Schema, dn: string, getByNdn: (ndn: string) => Entry | undefined): string {
  let rdns: RDN[];
  try {
    rdns = parseDN(dn);
  } catch {
    return '';
  }
  for (let i = 0; i < rdns.length; i++) {
    const entry = getByNdn(normalizeEntryDN(schema, formatDN(rdns.slice(i))));
    if (entry) return entry.dn;
  }
  return '';
}

/**
 * Attribute key: canonical name in lower case plus options other than `binary`. Without options,
 * the type's own key: one string shared by every entry that has the attribute (100,000 entries
 * each holding their own copy of 'objectclass', 'cn' … cost 400 bytes an entry).
 */
export function attributeKey(schema: Schema, description: string): string {
  const semicolon = description.indexOf(';');
  const type = schema.attributeType(semicolon < 0 ? description : description.slice(0, semicolon));
  if (semicolon < 0) return type.key;
  const base = type.name;
  const options = description
    .slice(semicolon + 1)
    .toLowerCase()
    .split(';')
    .filter((o) => o !== '' && o !== 'binary')
    .sort();
  return [base.toLowerCase(), ...options].join(';');
}

/** An attribute key or description without its options: `cn;lang-en` → `cn`. */
export function baseName(key: string): string {
  const semicolon = key.indexOf(';');
  return semicolon < 0 ? key : key.slice(0, semicolon);
}
