/** Decoding an LDIF file's bytes to text, remembering which physical lines were not valid UTF-8. */

export const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of an LDIF input, and the physical lines (1-based) that held invalid UTF-8 if any did. */
export interface DecodedLdif {
  readonly text: string;
  readonly invalidUtf8Lines: ReadonlySet<number> | undefined;
}

/** A string is taken as is; bytes are decoded as UTF-8 (a string cannot hold invalid UTF-8). */
export function decodeLdif(input: string | Uint8Array): DecodedLdif {
  if (typeof input === 'string') return { text: input, invalidUtf8Lines: undefined };
  try {
    return { text: strictUtf8.decode(input), invalidUtf8Lines: undefined };
  } catch {
    // Rare path: decode with replacement characters and remember which lines were invalid,
    // so only a plain value on such a line is reported (comments may be in any encoding).
    return { text: lenientUtf8.decode(input), invalidUtf8Lines: linesWithInvalidUtf8(input) };
  }
}

/** Physical line numbers (1-based) that hold bytes which are not UTF-8. */
function linesWithInvalidUtf8(bytes: Uint8Array): Set<number> {
  const invalid = new Set<number>();
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    try {
      strictUtf8.decode(bytes.subarray(start, end));
    } catch {
      invalid.add(line);
    }
    start = end + 1;
    line++;
  }
  return invalid;
}
