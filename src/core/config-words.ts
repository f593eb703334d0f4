/**
 * The words of a slapd configuration value (an olcAccess or olcLimits value, an `access` or
 * `limits` directive), split as slapd's config reader splits them: white space separates, double
 * quotes group (anywhere in a word: `dn.exact="cn=A B,dc=x"` is one word), and inside quotes a
 * backslash escapes a quote or a backslash.
 */

export class UnbalancedQuoteError extends Error {
  override readonly name = 'UnbalancedQuoteError';
  constructor() {
    super('unbalanced double quote');
  }
}

export function configWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      quoted = !quoted;
      word ??= '';
    } else if (quoted && c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      word = (word ?? '') + text[++i];
    } else if (!quoted && /\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (quoted) throw new UnbalancedQuoteError();
  if (word !== undefined) words.push(word);
  return words;
}
