/**
 * Which attributes of an entry a search returns (RFC 4511 §4.5.1.8, RFC 3673 `+`): none for
 * `1.1`, user attributes for `*` or an empty list, operational ones for `+` or by name. Names
 * come back in the schema's canonical spelling, as slapd and AD both do. Where the server limits
 * the values per attribute (AD's MaxValRange), long attributes come back by range
 * (`member;range=0-1499`, MS-ADTS 3.1.1.3.1.3.3) and the client asks for the next range by name.
 */
import { LdapResultError } from '../../core/result-code.js';
import type { Schema } from '../directory/schema.js';
import type { AttributeValue, EntryAttribute } from '../operations.js';

export interface ValueRange {
  readonly low: number;
  /** Inclusive; undefined for `*` (to the end). */
  readonly high: number | undefined;
}

export interface AttributeRequest {
  readonly allUser: boolean;
  readonly allOperational: boolean;
  /** Requested attribute keys (canonical lower-case base name), with the range asked for if any. */
  readonly named: ReadonlyMap<string, ValueRange | undefined>;
  readonly none: boolean;
  /**
   * Per key, the options each request of it carries (`cn;lang-en` → [['lang-en']]); a request
   * without options ([]) takes every description of the type. Range options are not among them.
   */
  readonly options: ReadonlyMap<string, readonly (readonly string[])[]>;
}

const rangeOption = /;range=(\d+)-(\d+|\*)$/i;

/** Keys of the attributes an object class allows (MUST and MAY, superclasses' too); none when unknown. */
function classAttributeKeys(schema: Schema, name: string): string[] {
  const classes = [schema.objectClass(name), ...schema.superclasses(name).map((n) => schema.objectClass(n))];
  return classes.flatMap((cls) =>
    cls ? [...cls.must, ...cls.may].map((n) => schema.attributeType(n).name.toLowerCase()) : [],
  );
}

/**
 * `plus`: whether `+` asks for the operational attributes (RFC 3673); AD ignores it.
 * `objectClassLists`: whether `@class` asks for the class's attributes (RFC 4529). A supertype
 * (`name`) asks for its subtypes too (cn, sn…), as slapd returns them.
 */
export function parseAttributeRequest(
  attributes: readonly string[],
  schema: Schema,
  plus = true,
  objectClassLists = false,
): AttributeRequest {
  // Applications ask for the same few lists search after search: each is read once per schema.
  let cache = parsedRequests.get(schema);
  if (!cache) parsedRequests.set(schema, (cache = new Map()));
  const key = `${plus ? '+' : '-'}${objectClassLists ? '@' : '-'}${attributes.join('\u0000')}`;
  let request = cache.get(key);
  if (!request) {
    if (cache.size >= MAX_CACHED_REQUESTS) cache.clear();
    request = readAttributeRequest(attributes, schema, plus, objectClassLists);
    cache.set(key, request);
  }
  return request;
}

/** Attribute lists come from clients: past this many distinct ones, the cache starts over. */
const MAX_CACHED_REQUESTS = 512;
const parsedRequests = new WeakMap<Schema, Map<string, AttributeRequest>>();

function readAttributeRequest(
  attributes: readonly string[],
  schema: Schema,
  plus: boolean,
  objectClassLists: boolean,
): AttributeRequest {
  const named = new Map<string, ValueRange | undefined>();
  const options = new Map<string, string[][]>();
  let allUser = attributes.length === 0;
  let allOperational = false;
  for (const description of attributes) {
    if (description === '*') allUser = true;
    else if (description === '+') allOperational = plus;
    else if (description === '1.1') continue;
    else if (objectClassLists && description.startsWith('@')) {
      for (const key of classAttributeKeys(schema, description.slice(1))) {
        named.set(key, undefined);
        options.set(key, [...(options.get(key) ?? []), []]);
      }
    } else {
      const base = description.split(';')[0]!;
      const range = rangeOption.exec(description);
      const value = range
        ? { low: Number(range[1]), high: range[2] === '*' ? undefined : Number(range[2]) }
        : undefined;
      const asked = optionsOf(description).filter((o) => !o.startsWith('range='));
      for (const type of schema.subtypes(base)) {
        const key = type.name.toLowerCase();
        // The first range asked for stands; the type asked for without one takes none away (AD).
        named.set(key, named.get(key) ?? value);
        options.set(key, [...(options.get(key) ?? []), asked]);
      }
    }
  }
  const none = !allUser && !allOperational && named.size === 0;
  return { allUser, allOperational, named, none, options };
}

/** The options of an attribute description, in lower case. */
function optionsOf(description: string): string[] {
  return description
    .split(';')
    .slice(1)
    .map((o) => o.toLowerCase());
}

/** A stored description is asked for when it carries every option of one request of its type. */
function optionsAsked(request: AttributeRequest, candidate: CandidateAttribute): boolean {
  // The common case, a description without options: asked for by any request of its type without any.
  if (!candidate.type.includes(';'))
    return (request.options.get(candidate.key) ?? [[]]).some((asked) => asked.length === 0);
  const stored = optionsOf(candidate.type);
  return (request.options.get(candidate.key) ?? [[]]).some((asked) => asked.every((o) => stored.includes(o)));
}

/** Whether an attribute of this key and kind can be among those selected (before options and values). */
export function mayBeSelected(request: AttributeRequest, key: string, operational: boolean): boolean {
  if (request.none) return false;
  return request.named.has(key) || (operational ? request.allOperational : request.allUser);
}

export interface CandidateAttribute {
  /** Canonical lower-case base name, used to match the request. */
  readonly key: string;
  /** Output description (canonical name plus any stored options). */
  readonly type: string;
  readonly operational: boolean;
  readonly values: readonly AttributeValue[];
}

/**
 * `maxValues` 0 means no limit. `rangePastEnd`: the error for a range that starts past the last
 * value (Windows); without it such a range comes back empty (Samba).
 */
export function selectAttributes(
  request: AttributeRequest,
  candidates: Iterable<CandidateAttribute>,
  maxValues = 0,
  rangePastEnd?: { readonly code: number; readonly message: string },
): EntryAttribute[] {
  if (request.none) return [];
  const out: EntryAttribute[] = [];
  for (const candidate of candidates) {
    const named = request.named.has(candidate.key) && optionsAsked(request, candidate);
    const wanted = named || (candidate.operational ? request.allOperational : request.allUser);
    if (!wanted || candidate.values.length === 0) continue;
    const range = named ? request.named.get(candidate.key) : undefined;
    if (range === undefined && (maxValues === 0 || candidate.values.length <= maxValues)) {
      out.push({ type: candidate.type, values: candidate.values });
      continue;
    }
    const { low, high } = range ?? { low: 0, high: maxValues - 1 };
    if (rangePastEnd && low >= candidate.values.length)
      throw new LdapResultError(rangePastEnd.code, rangePastEnd.message);
    let last = Math.min(high ?? Number.POSITIVE_INFINITY, candidate.values.length - 1);
    if (maxValues > 0) last = Math.min(last, low + maxValues - 1);
    const end = last >= candidate.values.length - 1 ? '*' : String(last);
    out.push({
      type: `${candidate.type};range=${low}-${end}`,
      values: candidate.values.slice(low, last + 1),
    });
  }
  return out;
}
