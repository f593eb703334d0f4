/**
 * Samba's resolve_oids module: attribute types a filter names by OID become their names — but only
 * when the search's attribute list names an attribute by OID too (measured: `(2.5.4.3=alice)`
 * finds alice with the attributes `2.5.4.3` or `2.5.4.4`, nothing with `cn`, `*` or `1.1`). ldb
 * knows attributes by name alone, so an OID left in a filter names nothing.
 */
import type { Filter } from '../../core/filter-ast.js';
import type { Schema } from '../directory/schema.js';

const OID = /^\d+(\.\d+)+$/;

/** An attribute named by OID (`1.1`, "no attributes", names none). */
const isOid = (description: string) => description !== '1.1' && OID.test(description.split(';')[0]!);

export function resolveFilterOids(filter: Filter, schema: Schema, attributes: readonly string[]): Filter {
  if (!attributes.some(isOid)) return filter;
  const rename = (description: string): string => {
    const [base = '', ...options] = description.split(';');
    if (!OID.test(base)) return description;
    const type = schema.attributeType(base);
    return type.known ? [type.name, ...options].join(';') : description;
  };
  const walk = (f: Filter): Filter => {
    switch (f.type) {
      case 'and':
      case 'or':
        return { ...f, filters: f.filters.map(walk) };
      case 'not':
        return { ...f, filter: walk(f.filter) };
      case 'extensible':
        return f.attribute === undefined ? f : { ...f, attribute: rename(f.attribute) };
      default:
        return { ...f, attribute: rename(f.attribute) };
    }
  };
  return walk(filter);
}
