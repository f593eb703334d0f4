/** The error a malformed RFC 4512 schema description throws, locating the problem in the text. */

/** A malformed description: `reason` says what is wrong, `position` is the 0-based offset in `text`. */
export class SchemaSyntaxError extends Error {
  override readonly name = 'SchemaSyntaxError';
  readonly reason: string;
  readonly position: number;
  readonly text: string;

  constructor(what: string, text: string, position: number, reason: string) {
    super(`invalid ${what} description: ${reason} at position ${position} in ${quoteExcerpt(text)}`);
    this.reason = reason;
    this.position = position;
    this.text = text;
  }
}

/** Long descriptions (inetOrgPerson's MAY list) would drown the reason; keep the message readable. */
function quoteExcerpt(text: string): string {
  const max = 120;
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
