/**
 * One filter item `(attribute=value)` as Samba's ldb parser reads a filter string written without
 * escaping (Samba's compare builds exactly that from the request): the attribute is letters,
 * digits, `-` and `.`; blanks before the value are skipped; the value ends at the first `)`; a
 * value of `*` alone is a presence test, one holding an unescaped `*` a substring match; `\hh` is
 * an escaped octet and any other `\` makes the filter unreadable. Undefined when ldb cannot read it.
 */
import type { Filter } from './filter-ast.js';

const ATTRIBUTE = /^@?[A-Za-z0-9.-]*/;

/** The octets of `text` with its `\hh` escapes decoded; undefined for a `\` not followed by two hex digits. */
function decode(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte !== 0x5c) {
      out.push(byte);
      continue;
    }
    const hex = bytes.subarray(i + 1, i + 3).toString('latin1');
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
    out.push(Number.parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(out);
}

/** Where the first `*` not escaped by a `\` is, or -1. */
function wildcard(value: string): number {
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') {
      if (i + 1 >= value.length) return -1;
      i++;
      continue;
    }
    if (value[i] === '*') return i;
  }
  return -1;
}

export function ldbFilterItem(attribute: string, value: string): Filter | undefined {
  const text = `${attribute}=${value})`;
  const name = ATTRIBUTE.exec(text)![0];
  let rest = text.slice(name.length).replace(/^\s+/, '');
  // An item is `name op value`; here the op can only be the `=` the item was built with.
  if (!rest.startsWith('=') || name === '' || name === '@') return undefined;
  rest = rest.slice(1).replace(/^\s+/, '');
  const raw = rest.slice(0, rest.indexOf(')'));
  if (raw === '*') return { type: 'present', attribute: name };
  if (wildcard(raw) < 0) {
    const decoded = decode(raw);
    return decoded && { type: 'equality', attribute: name, value: decoded };
  }
  const pieces = raw.split('*');
  const chunks = pieces.map(decode);
  if (chunks.some((c) => c === undefined)) return undefined;
  const [first, ...others] = chunks as Buffer[];
  const last = others.pop();
  return {
    type: 'substrings',
    attribute: name,
    ...(first!.length > 0 && { initial: first! }),
    any: others.filter((c) => c.length > 0),
    ...(last !== undefined && last.length > 0 && { final: last }),
  };
}
