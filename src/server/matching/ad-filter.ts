/**
 * Filter forms AD understands beyond RFC 4515: `(objectCategory=user)` names a class by its
 * lDAPDisplayName and means that class's defaultObjectCategory,
 * `CN=Person,CN=Schema,CN=Configuration,<domain>` (as Samba answers it); a SID attribute
 * compared with a string `S-1-5-…` means the binary SID, objectGUID with a GUID string the binary
 * GUID; `(anr=…)` is Ambiguous Name Resolution.
 */
import type { Filter } from '../../core/filter-ast.js';
import { encodeGuid } from '../../core/guid.js';
import { encodeSid } from '../../core/sid.js';
import type { Schema } from '../directory/schema.js';
import { expandAnrEquality, expandAnrSubstrings, isAnr } from './ad-anr.js';
import { defaultObjectCategory } from './ad-object-category.js';

const sidAttributes = new Set(['objectsid', 'tokengroups', 'sidhistory', 'securityidentifier']);
const GUID_BODY = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const GUID_TEXT = new RegExp(`^(?:${GUID_BODY}|\\{${GUID_BODY}\\})$`, 'i');

export function expandAdFilter(filter: Filter, namingContext: string): Filter {
  switch (filter.type) {
    case 'and':
    case 'or':
      return { ...filter, filters: filter.filters.map((f) => expandAdFilter(f, namingContext)) };
    case 'not':
      return { ...filter, filter: expandAdFilter(filter.filter, namingContext) };
    case 'substrings':
      return isAnr(filter.attribute) ? expandAnrSubstrings(filter) : filter;
    case 'equality': {
      if (isAnr(filter.attribute)) return expandAnrEquality(filter.value);
      const attribute = filter.attribute.toLowerCase();
      const text = filter.value.toString('utf8');
      if (attribute === 'objectcategory' && !text.includes('=')) {
        const category = defaultObjectCategory(text, namingContext);
        if (category) return { ...filter, value: Buffer.from(category) };
      }
      // Samba reads `S-1-…` (upper-case S only) as a SID, measured.
      if (sidAttributes.has(attribute) && text.startsWith('S-1-')) {
        try {
          return { ...filter, value: encodeSid(text) };
        } catch {
          return filter;
        }
      }
      // …and a GUID in its string form, in either case and maybe in braces (not bare hex).
      if (attribute === 'objectguid' && GUID_TEXT.test(text)) return { ...filter, value: encodeGuid(text) };
      return filter;
    }
    default:
      return filter;
  }
}

/**
 * Samba compares a text assertion value as a C string: `(sAMAccountName=alice\00zzz)` finds
 * alice. Equality, ordering and approximate values of text attributes end at their first NUL;
 * binary ones (objectSid, objectGUID) are compared whole.
 */
export function endValuesAtNul(filter: Filter, schema: Schema): Filter {
  switch (filter.type) {
    case 'and':
    case 'or':
      return { ...filter, filters: filter.filters.map((f) => endValuesAtNul(f, schema)) };
    case 'not':
      return { ...filter, filter: endValuesAtNul(filter.filter, schema) };
    case 'equality':
    case 'greaterOrEqual':
    case 'lessOrEqual':
    case 'approx': {
      if (schema.attributeType(filter.attribute).binary) return filter;
      const nul = filter.value.indexOf(0);
      return nul === -1 ? filter : { ...filter, value: filter.value.subarray(0, nul) };
    }
    default:
      return filter;
  }
}
