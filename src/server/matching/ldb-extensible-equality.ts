/**
 * Samba reads an extensible item that names a type but no matching rule (`(cn:=alice)`,
 * `(objectCategory:dn:=person)`) as an equality item: `cn:=ALICE` finds alice, and
 * `objectCategory:=person` the persons, as `(objectCategory=person)` does (measured on Samba
 * 4.17; the dn flag changes nothing).
 */
import type { Filter } from '../../core/filter-ast.js';

export function extensibleAsEquality(filter: Filter): Filter {
  switch (filter.type) {
    case 'and':
    case 'or':
      return { ...filter, filters: filter.filters.map(extensibleAsEquality) };
    case 'not':
      return { ...filter, filter: extensibleAsEquality(filter.filter) };
    case 'extensible':
      return filter.attribute !== undefined && filter.matchingRule === undefined
        ? { type: 'equality', attribute: filter.attribute, value: filter.value }
        : filter;
    default:
      return filter;
  }
}
