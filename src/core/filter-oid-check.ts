/** Checks an attribute description or matching-rule OID (RFC 4512) as written in a filter. */
import { DOT, describeAt, isAlpha, isDigit, isKeyChar, SEMICOLON } from './filter-chars.js';

export interface OidProblem {
  readonly reason: string;
  readonly position: number;
}

/**
 * Checks an OID (RFC 4512 `oid` = `descr` / `numericoid`) in `text[start, end)`; with
 * `allowOptions` also the `;option` list of an attribute description (RFC 4512 §2.5).
 */
export function oidProblem(
  text: string,
  start: number,
  end: number,
  allowOptions: boolean,
): OidProblem | null {
  const what = allowOptions ? 'attribute description' : 'matching rule';
  if (start >= end) return { reason: `empty ${what}`, position: start };
  const first = text.charCodeAt(start);
  let i = start;
  if (isDigit(first)) {
    // numericoid: digits separated by single dots.
    for (;;) {
      const componentStart = i;
      while (i < end && isDigit(text.charCodeAt(i))) i++;
      if (i === componentStart) {
        return { reason: `empty component in the numeric OID of the ${what}`, position: i };
      }
      if (i < end && text.charCodeAt(i) === DOT) {
        i++;
        continue;
      }
      break;
    }
  } else if (isAlpha(first)) {
    i++;
    while (i < end && isKeyChar(text.charCodeAt(i))) i++;
  } else {
    return {
      reason: `${what} must start with a letter or a digit, found ${describeAt(text, start, end)}`,
      position: start,
    };
  }
  while (i < end) {
    if (!allowOptions || text.charCodeAt(i) !== SEMICOLON) {
      return { reason: `invalid character ${describeAt(text, i, end)} in ${what}`, position: i };
    }
    i++;
    const optionStart = i;
    while (i < end && isKeyChar(text.charCodeAt(i))) i++;
    if (i === optionStart) return { reason: `empty attribute option after ';'`, position: i };
  }
  return null;
}
