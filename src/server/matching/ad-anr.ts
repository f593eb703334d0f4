/**
 * Ambiguous Name Resolution (MS-ADTS 3.1.1.3.1.3.3): `(anr=V)` stands for an initial-substring
 * match of V on every attribute the schema marks for ANR, plus, when V holds a space, the first
 * word on givenName and the rest on sn (and the other way round); `(anr==V)` asks for equality
 * instead. Measured on Samba 4.17: the value's edge spaces do not count, an empty value finds
 * nothing, and a substrings item on anr uses its initial part alone (anything more finds nothing).
 */
import type { Filter, SubstringsFilter } from '../../core/filter-ast.js';

/** The attributes Samba 4.17's schema flags for ANR (searchFlags bit fANR, 4), measured. */
export const ANR_ATTRIBUTES: readonly string[] = [
  'displayName',
  'givenName',
  'legacyExchangeDN',
  'msDS-AdditionalSamAccountName',
  'msDS-PhoneticCompanyName',
  'msDS-PhoneticDepartment',
  'msDS-PhoneticDisplayName',
  'msDS-PhoneticFirstName',
  'msDS-PhoneticLastName',
  'name',
  'physicalDeliveryOfficeName',
  'proxyAddresses',
  'sAMAccountName',
  'sn',
];

const NOTHING: Filter = { type: 'or', filters: [] };

export function isAnr(attribute: string): boolean {
  return attribute.toLowerCase() === 'anr';
}

/** The expansion of `(anr=value)`. */
export function expandAnrEquality(value: Buffer): Filter {
  let text = value.toString('utf8');
  const exact = text.startsWith('=');
  if (exact) text = text.slice(1);
  text = text.trim().replace(/ {2,}/g, ' ');
  if (text === '') return NOTHING;
  const item = (attribute: string, assertion: string): Filter =>
    exact
      ? { type: 'equality', attribute, value: Buffer.from(assertion) }
      : { type: 'substrings', attribute, initial: Buffer.from(assertion), any: [] };
  const filters = ANR_ATTRIBUTES.map((attribute) => item(attribute, text));
  const space = text.indexOf(' ');
  if (space > 0) {
    const first = text.slice(0, space);
    const rest = text.slice(space + 1);
    filters.push(
      { type: 'and', filters: [item('givenName', first), item('sn', rest)] },
      { type: 'and', filters: [item('givenName', rest), item('sn', first)] },
    );
  }
  return { type: 'or', filters };
}

/** `(anr=V*)` is `(anr=V)`; other substrings items on anr find nothing. */
export function expandAnrSubstrings(filter: SubstringsFilter): Filter {
  if (filter.initial === undefined || filter.any.length > 0 || filter.final !== undefined) return NOTHING;
  return expandAnrEquality(filter.initial);
}
