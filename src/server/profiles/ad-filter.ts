/**
 * Filter forms AD understands beyond RFC 4515: `(objectCategory=person)` names a class by its
 * lDAPDisplayName and means `CN=Person,CN=Schema,CN=Configuration,<domain>`; a SID attribute
 * compared with a string `S-1-5-…` means the binary SID.
 */
import type { Filter } from '../../core/filter-ast.js';
import { encodeSid } from '../../core/sid.js';
import type { Schema } from '../directory/schema.js';
import { adClassCommonNames } from '../directory/schema-ad.js';

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
        const cn = Object.entries(adClassCommonNames).find(
          ([name]) => name.toLowerCase() === text.toLowerCase(),
        )?.[1];
        if (cn)
          return { ...filter, value: Buffer.from(`CN=${cn},CN=Schema,CN=Configuration,${namingContext}`) };
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
