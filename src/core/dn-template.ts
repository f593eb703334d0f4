/**
 * Tagged templates that build DN strings with every substituted value escaped:
 *
 *   dn`uid=${name},ou=people,dc=example,dc=org`
 *
 * The literal parts are taken raw (like String.raw), so DN escapes are written once:
 * dn`cn=Smith\, John,${ou}`. Substitutions must be strings or finite numbers, and only in value
 * position (after `=`): a substitution where an attribute type is expected throws, because
 * escaping cannot make a type safe. The finished DN is parsed, so a malformed literal part
 * throws DNSyntaxError instead of producing a DN that the server would read differently.
 */

import { type DNValueStyle, escapeDNValue } from './dn-escape.js';
import { parseDN } from './dn-parse.js';

const BACKSLASH = 0x5c;
const QUOTE = 0x22;

function build(
  style: DNValueStyle,
  tag: string,
  strings: TemplateStringsArray,
  values: readonly unknown[],
): string {
  const raw = strings.raw;
  let out = '';
  let inValue = false; // false: reading a type; true: after its '='
  let quoted = false; // inside an RFC 1779 "…" value, where separators are literal
  for (let k = 0; k < raw.length; k++) {
    const literal = raw[k]!;
    for (let i = 0; i < literal.length; i++) {
      const c = literal.charCodeAt(i);
      if (!inValue) {
        if (c === 0x3d) inValue = true;
      } else if (c === BACKSLASH) {
        i++; // the escaped character cannot end the value
      } else if (c === QUOTE) {
        quoted = !quoted;
      } else if (!quoted && (c === 0x2c || c === 0x3b || c === 0x2b)) {
        inValue = false;
      }
    }
    out += literal;
    if (k === values.length) break;
    const value = values[k];
    const position = `${tag}: substitution ${k + 1} of ${values.length}`;
    if (!inValue) {
      throw new TypeError(
        `${position} is where an attribute type is expected; only values (after '=') may be substituted`,
      );
    }
    let text: string;
    if (typeof value === 'string') {
      text = value;
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      text = String(value);
    } else {
      const kind = value === null ? 'null' : typeof value === 'number' ? String(value) : typeof value;
      throw new TypeError(`${position} is ${kind}; only strings and finite numbers are allowed`);
    }
    out += escapeDNValue(text, style);
  }
  parseDN(out);
  return out;
}

/** Build a DN, escaping each substituted value with RFC 4514 minimal escaping. */
export function dn(strings: TemplateStringsArray, ...values: unknown[]): string {
  return build('rfc4514', 'dn', strings, values);
}

/** Build a DN, escaping each substituted value as Active Directory does (also `=` and `#`). */
export function adDn(strings: TemplateStringsArray, ...values: unknown[]): string {
  return build('ad', 'adDn', strings, values);
}
