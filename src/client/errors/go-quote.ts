/**
 * Go's `%q` (strconv.Quote) for the characters met in practice: `"` and `\` escaped, C0 and C1
 * controls and DEL as `\a \b \f \n \r \t \v` or `\xHH` / `\u00HH`, U+2028/U+2029/U+FEFF as `\uHHHH`,
 * an unpaired surrogate as `\ufffd`; everything else as is. OpenBao's messages quote URLs and DNs
 * this way.
 */
export function goQuote(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) {
      out += value[i];
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x0b:
        out += '\\v';
        break;
      default:
        if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
        else if ((c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) {
          out += `\\u${c.toString(16).padStart(4, '0')}`;
        } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
          const next = value.charCodeAt(i + 1);
          if (next >= 0xdc00 && next <= 0xdfff) {
            out += value[i]! + value[i + 1]!;
            i++;
          } else out += '\\ufffd';
        } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
        else out += value[i];
    }
  }
  return `${out}"`;
}
