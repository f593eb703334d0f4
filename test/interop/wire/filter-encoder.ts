/**
 * RFC 4515 filter string → BER (RFC 4511 §4.5.1.7), byte-exact. ldapts' own parser turns each
 * `\XX` escape into one UTF-16 character (so `M\c3\bcller` is sent as the wrong bytes) and rejects
 * numeric-OID attribute types; probes must send exactly what the filter string says.
 */
import { BerWriter, Filter, type SearchFilterValues } from 'ldapts';

const Tag = {
  and: 0xa0,
  or: 0xa1,
  not: 0xa2,
  equality: 0xa3,
  substrings: 0xa4,
  greaterOrEqual: 0xa5,
  lessOrEqual: 0xa6,
  present: 0x87,
  approx: 0xa8,
  extensible: 0xa9,
} as const;

const OCTET_STRING = 0x04;

class FilterSyntaxError extends Error {
  constructor(filter: string, position: number, reason: string) {
    super(`invalid filter at offset ${position}: ${reason} in ${filter}`);
  }
}

/** Value bytes: `\XX` is one octet, anything else its UTF-8 encoding. */
function unescapeValue(filter: string, start: number, end: number): Buffer {
  const bytes: number[] = [];
  for (let i = start; i < end; i++) {
    const c = filter[i] as string;
    if (c === '\\') {
      const hex = filter.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new FilterSyntaxError(filter, i, `bad escape "\\${hex}"`);
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (c === '(' || c === ')' || c === '*' || c === '\0') {
      throw new FilterSyntaxError(filter, i, `unescaped "${c}" in a value`);
    } else {
      const code = filter.codePointAt(i) as number;
      for (const byte of Buffer.from(String.fromCodePoint(code), 'utf8')) bytes.push(byte);
      if (code > 0xffff) i++;
    }
  }
  return Buffer.from(bytes);
}

/** Writes the filter starting at `filter[position] === '('`; returns the offset after its ')'. */
function writeFilter(writer: BerWriter, filter: string, position: number): number {
  if (filter[position] !== '(') throw new FilterSyntaxError(filter, position, 'expected "("');
  const kind = filter[position + 1];
  if (kind === '&' || kind === '|') {
    writer.startSequence(kind === '&' ? Tag.and : Tag.or);
    let cursor = position + 2;
    while (filter[cursor] === '(') cursor = writeFilter(writer, filter, cursor);
    writer.endSequence();
    if (filter[cursor] !== ')') throw new FilterSyntaxError(filter, cursor, 'expected ")"');
    return cursor + 1;
  }
  if (kind === '!') {
    writer.startSequence(Tag.not);
    const cursor = writeFilter(writer, filter, position + 2);
    writer.endSequence();
    if (filter[cursor] !== ')') throw new FilterSyntaxError(filter, cursor, 'expected ")"');
    return cursor + 1;
  }
  // An item runs to the first ')' (a literal ')' inside a value must be escaped as \29).
  const end = filter.indexOf(')', position);
  if (end < 0) throw new FilterSyntaxError(filter, position, 'unbalanced parentheses');
  writeItem(writer, filter, position + 1, end);
  return end + 1;
}

function writeItem(writer: BerWriter, filter: string, start: number, end: number): void {
  const item = filter.slice(start, end);
  const eq = item.indexOf('=');
  if (eq < 1 && !item.startsWith(':')) throw new FilterSyntaxError(filter, start, 'missing attribute or "="');
  const before = item[eq - 1];
  const valueStart = start + eq + 1;
  if (before === ':') {
    writeExtensible(writer, filter, start, start + eq - 1, valueStart, end);
    return;
  }
  if (before === '~' || before === '>' || before === '<') {
    const tag = before === '~' ? Tag.approx : before === '>' ? Tag.greaterOrEqual : Tag.lessOrEqual;
    writer.startSequence(tag);
    writer.writeString(item.slice(0, eq - 1));
    writer.writeBuffer(unescapeValue(filter, valueStart, end), OCTET_STRING);
    writer.endSequence();
    return;
  }
  const type = item.slice(0, eq);
  const rawValue = item.slice(eq + 1);
  if (rawValue === '*') {
    writer.writeString(type, Tag.present);
    return;
  }
  if (!rawValue.includes('*')) {
    writer.startSequence(Tag.equality);
    writer.writeString(type);
    writer.writeBuffer(unescapeValue(filter, valueStart, end), OCTET_STRING);
    writer.endSequence();
    return;
  }
  // Substrings: initial*any*…*final, empty pieces omitted.
  const pieces: Array<[number, number]> = [];
  let pieceStart = valueStart;
  for (let i = valueStart; i <= end; i++) {
    if (i === end || filter[i] === '*') {
      pieces.push([pieceStart, i]);
      pieceStart = i + 1;
    }
  }
  writer.startSequence(Tag.substrings);
  writer.writeString(type);
  writer.startSequence();
  pieces.forEach(([from, to], index) => {
    if (from === to) return;
    const choice = index === 0 ? 0x80 : index === pieces.length - 1 ? 0x82 : 0x81;
    writer.writeBuffer(unescapeValue(filter, from, to), choice);
  });
  writer.endSequence();
  writer.endSequence();
}

/** attr[:dn][:rule]:=value or [:dn]:rule:=value (RFC 4515 §3). */
function writeExtensible(
  writer: BerWriter,
  filter: string,
  start: number,
  colonEqual: number,
  valueStart: number,
  end: number,
): void {
  const parts = filter.slice(start, colonEqual).split(':');
  const type = parts.shift() ?? '';
  let dnAttributes = false;
  let rule: string | undefined;
  for (const part of parts) {
    if (part.toLowerCase() === 'dn' && !dnAttributes && rule === undefined) dnAttributes = true;
    else if (rule === undefined && part !== '') rule = part;
    else throw new FilterSyntaxError(filter, start, `unexpected "${part}" in an extensible match`);
  }
  writer.startSequence(Tag.extensible);
  if (rule !== undefined) writer.writeString(rule, 0x81);
  if (type !== '') writer.writeString(type, 0x82);
  writer.writeBuffer(unescapeValue(filter, valueStart, end), 0x83);
  if (dnAttributes) writer.writeBoolean(true, 0x84);
  writer.endSequence();
}

/** An ldapts Filter whose encoding is exactly the given RFC 4515 string's. */
export class EncodedFilter extends Filter {
  // The tag is written by `encoded`; `type` only satisfies ldapts' abstract member.
  type = 0 as SearchFilterValues;
  private readonly encoded: Buffer;

  constructor(private readonly source: string) {
    super();
    const text = source.startsWith('(') ? source : `(${source})`;
    const writer = new BerWriter();
    const end = writeFilter(writer, text, 0);
    if (end !== text.length) throw new FilterSyntaxError(text, end, 'trailing characters');
    this.encoded = writer.buffer;
  }

  override write(writer: BerWriter): void {
    // writeBuffer prepends tag+length; split the element we built into exactly those parts.
    const tag = this.encoded[0] as number;
    const lengthByte = this.encoded[1] as number;
    const headerLength = lengthByte < 0x80 ? 2 : 2 + (lengthByte & 0x7f);
    writer.writeBuffer(this.encoded.subarray(headerLength), tag);
  }

  override toString(): string {
    return this.source;
  }
}
