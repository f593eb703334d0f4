/**
 * Filter forms AD understands beyond RFC 4515: `(objectCategory=user)` names a class by its
 * lDAPDisplayName and means that class's defaultObjectCategory,
 * `CN=Person,CN=Schema,CN=Configuration,<domain>` (as Samba answers it); a SID attribute
 * compared with a string `S-1-5-…` means the binary SID.
 */
import type { Filter } from '../../core/filter-ast.js';
import { encodeSid } from '../../core/sid.js';
import type { Schema } from '../directory/schema.js';
import { defaultObjectCategory } from './ad-object-category.js';

const sidAttributes = new Set(['objectsid', 'tokengroups', 'sidhistory', 'securityidentifier']);

export function expandAdFilter(filter: Filter, namingContext: string): Filter {
  switch (filter.type) {
    case 'and':
    case 'or':
      return { ...filter, filters: filter.filters.map((f) => expandAdFilter(f, namingContext)) };
    case 'not':
      return { ...filter, filter: expandAdFilter(filter.filter, namingContext) };
    case 'equality': {
      const attribute = filter.attribute.toLowerCase();
      const text = filter.value.toString('utf8');
      if (attribute === 'objectcategory' && !text.includes('=')) {
        const category = defaultObjectCategory(text, namingContext);
        if (category) return { ...filter, value: Buffer.from(category) };
      }
      if (sidAttributes.has(attribute) && /^S-1-/i.test(text)) {
        try {
          return { ...filter, value: encodeSid(text) };
        } catch {
          return filter;
        }
      }
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
