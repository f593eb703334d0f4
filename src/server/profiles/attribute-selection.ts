/**
 * Which attributes of an entry a search returns (RFC 4511 §4.5.1.8, RFC 3673 `+`): none for
 * `1.1`, user attributes for `*` or an empty list, operational ones for `+` or by name. Names
 * come back in the schema's canonical spelling, as slapd and AD both do.
 */
import type { Schema } from '../directory/schema.js';
import type { AttributeValue, EntryAttribute } from '../operations.js';

export interface AttributeRequest {
  readonly allUser: boolean;
  readonly allOperational: boolean;
  /** Requested attribute keys (canonical lower-case base name) mapped to the description asked for. */
  readonly named: ReadonlyMap<string, string>;
  readonly none: boolean;
}

export function parseAttributeRequest(attributes: readonly string[], schema: Schema): AttributeRequest {
  const named = new Map<string, string>();
  let allUser = attributes.length === 0;
  let allOperational = false;
  for (const description of attributes) {
    if (description === '*') allUser = true;
    else if (description === '+') allOperational = true;
    else if (description === '1.1') continue;
    else {
      const base = description.split(';')[0]!;
      named.set(schema.attributeType(base).name.toLowerCase(), description);
    }
  }
  const none = !allUser && !allOperational && named.size === 0;
  return { allUser, allOperational, named, none };
}

export interface CandidateAttribute {
  /** Canonical lower-case base name, used to match the request. */
  readonly key: string;
  /** Output description (canonical name plus any stored options). */
  readonly type: string;
  readonly operational: boolean;
  readonly values: readonly AttributeValue[];
}

export function selectAttributes(
  request: AttributeRequest,
  candidates: Iterable<CandidateAttribute>,
): EntryAttribute[] {
  if (request.none) return [];
  const out: EntryAttribute[] = [];
  for (const candidate of candidates) {
    const wanted =
      request.named.has(candidate.key) || (candidate.operational ? request.allOperational : request.allUser);
    if (wanted && candidate.values.length > 0) out.push({ type: candidate.type, values: candidate.values });
  }
  return out;
}
