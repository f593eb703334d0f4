/** The tokenizer of RFC 4512 schema descriptions: parentheses, `$`, words and unescaped quoted strings. */

type TokenKind = '(' | ')' | '$' | 'word' | 'quoted';
export interface Token {
  readonly kind: TokenKind;
  /** Word text, or the unescaped content of a quoted string. */
  readonly value: string;
  readonly position: number;
}

/** Whitespace is any run of space, tab, CR or LF, so multi-line .schema definitions parse. */
function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Splits a description into tokens; quoted strings are unescaped here (qdstring escapes are
 * `\27` for ' and `\5C` for \; any other backslash is an error).
 */
export function tokenize(text: string, fail: (position: number, reason: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isWhitespace(code)) {
      i++;
    } else if (code === 0x28 || code === 0x29 || code === 0x24) {
      tokens.push({ kind: text[i] as '(' | ')' | '$', value: text[i] as string, position: i });
      i++;
    } else if (code === 0x27) {
      const start = i;
      let value = '';
      let chunkStart = i + 1;
      i++;
      for (;;) {
        if (i >= text.length) fail(start, 'unterminated quoted string');
        const c = text.charCodeAt(i);
        if (c === 0x27) break;
        if (c === 0x5c) {
          const escaped = text.slice(i + 1, i + 3).toUpperCase();
          if (escaped !== '27' && escaped !== '5C') {
            fail(i, `invalid escape in quoted string (only \\27 and \\5C are allowed)`);
          }
          value += text.slice(chunkStart, i) + (escaped === '27' ? "'" : '\\');
          i += 3;
          chunkStart = i;
        } else {
          i++;
        }
      }
      value += text.slice(chunkStart, i);
      tokens.push({ kind: 'quoted', value, position: start });
      i++;
    } else {
      const start = i;
      while (i < text.length) {
        const c = text.charCodeAt(i);
        if (isWhitespace(c) || c === 0x28 || c === 0x29 || c === 0x24 || c === 0x27) break;
        i++;
      }
      tokens.push({ kind: 'word', value: text.slice(start, i), position: start });
    }
  }
  return tokens;
}
