/**
 * Which attributes slapd matches `~=` phonetically: those whose equality rule has an approximate
 * rule associated (caseIgnore/caseExact Directory Strings: directoryStringApproxMatch; the IA5
 * ones: IA5StringApproxMatch). Every other type falls back to its equality rule, as in slapd.
 */
import {
  type ApproximateForm,
  approximateAssertionCodes,
  approximatelyMatches,
  approximateValueCodes,
} from '../../core/approximate-match.js';
import type { AttributeValue } from '../operations.js';
import type { ResolvedAttributeType } from './schema-attribute-types.js';

const FORMS: ReadonlyMap<string, ApproximateForm> = new Map([
  ['caseignorematch', 'directoryString'],
  ['2.5.13.2', 'directoryString'],
  ['caseexactmatch', 'directoryString'],
  ['2.5.13.5', 'directoryString'],
  ['caseignoreia5match', 'ia5String'],
  ['1.3.6.1.4.1.1466.109.114.2', 'ia5String'],
  ['caseexactia5match', 'ia5String'],
  ['1.3.6.1.4.1.1466.109.114.1', 'ia5String'],
]);

const text = (value: AttributeValue) => (typeof value === 'string' ? value : value.toString('utf8'));

/** A test of one stored value against `assertion`, or undefined when the type has no phonetic rule. */
export function phoneticMatch(
  type: ResolvedAttributeType,
  assertion: AttributeValue,
): ((value: AttributeValue) => boolean) | undefined {
  const form = type.known && type.equality !== undefined ? FORMS.get(type.equality.toLowerCase()) : undefined;
  if (form === undefined) return undefined;
  const wanted = approximateAssertionCodes(text(assertion), form);
  return (value) => approximatelyMatches(approximateValueCodes(text(value), form), wanted);
}
