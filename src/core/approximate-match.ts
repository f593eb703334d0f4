/**
 * slapd's approximate matching (directoryStringApproxMatch, IA5StringApproxMatch): value and
 * assertion are reduced to ASCII (compatibility decomposition, everything else dropped: `Müller`
 * is `Muller`), split into words at single spaces, and each word into its phonetic code
 * (metaphone.ts). The item holds when every word of the assertion finds an equal code among the
 * value's words, each after the previous one's: `(cn~=bulk 0007)` finds `Bulk User 0001`, since a
 * word without letters codes as '' like every other word that starts with a digit.
 */

import { metaphone } from './metaphone.js';

/** How the attribute's equality rule prepares text before the approximate rule sees it. */
export type ApproximateForm = 'directoryString' | 'ia5String';

/** Each character as ASCII: decomposed (NFKD) with whatever is not ASCII dropped. */
function asciiOnly(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
}

/**
 * Runs of spaces as one, none at either end. A Directory String of spaces only keeps one (slapd's
 * UTF8StringNormalize); an IA5 String keeps none (IA5StringNormalize).
 */
function collapseSpaces(text: string, form: ApproximateForm): string {
  const collapsed = text.replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
  return collapsed === '' && text !== '' && form === 'directoryString' ? ' ' : collapsed;
}

/**
 * The codes of a stored value's words. A Directory String's equality rule decomposed it and
 * collapsed its spaces before it is reduced to ASCII, so a dropped character between two spaces
 * leaves an empty word (''). Nothing after a NUL is read.
 */
export function approximateValueCodes(value: string, form: ApproximateForm): string[] {
  const stored = collapseSpaces(form === 'directoryString' ? value.normalize('NFKD') : value, form);
  return asciiOnly(stored).split('\0', 1)[0]!.split(' ').map(metaphone);
}

/**
 * The codes of an assertion's words. A Directory String is reduced to ASCII, then its spaces
 * collapsed, and a NUL separates words; an IA5 String is collapsed and ends at a NUL.
 */
export function approximateAssertionCodes(assertion: string, form: ApproximateForm): string[] {
  const text =
    form === 'directoryString'
      ? collapseSpaces(asciiOnly(assertion), form)
      : asciiOnly(collapseSpaces(assertion.split('\0', 1)[0]!, form));
  return text
    .split(/[ \0]/)
    .filter((word) => word !== '')
    .map(metaphone);
}

/** True when every assertion code is found among the value's, in order; an assertion without words matches nothing. */
export function approximatelyMatches(value: readonly string[], assertion: readonly string[]): boolean {
  if (assertion.length === 0) return false;
  let next = 0;
  for (const code of assertion) {
    const found = value.indexOf(code, next);
    if (found < 0) return false;
    next = found + 1;
  }
  return true;
}
