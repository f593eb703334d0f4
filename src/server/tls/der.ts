/**
 * The DER that an X.509 certificate needs, and no more: definite-length TLVs, object
 * identifiers, times, and skipping over elements to find one. Certificates are the only DER the
 * server writes outside the LDAP codec.
 */

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const sequence = (...content: Buffer[]): Buffer => tlv(0x30, ...content);
export const set = (...content: Buffer[]): Buffer => tlv(0x31, ...content);
export const octetString = (value: Buffer): Buffer => tlv(0x04, value);
export const utf8String = (value: string): Buffer => tlv(0x0c, Buffer.from(value, 'utf8'));
export const booleanTrue = (): Buffer => Buffer.from([0x01, 0x01, 0xff]);
/** A BIT STRING with no unused bits. */
export const bitString = (value: Buffer): Buffer => tlv(0x03, Buffer.from([0]), value);
/** [n] EXPLICIT, a constructed context tag. */
export const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);

/** A non-negative INTEGER from its big-endian bytes (a leading 0 when the top bit is set). */
export function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'latin1'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'latin1'));
}

/** The whole element (header and content) starting at `offset`, and where the next one starts. */
export function element(der: Buffer, offset: number): { readonly bytes: Buffer; readonly next: number } {
  const first = der[offset + 1];
  if (first === undefined) throw new RangeError(`truncated DER at byte ${offset}`);
  let header = 2;
  let size = first;
  if (first & 0x80) {
    const octets = first & 0x7f;
    size = 0;
    for (let i = 0; i < octets; i++) size = size * 256 + der[offset + 2 + i]!;
    header += octets;
  }
  const next = offset + header + size;
  if (next > der.length) throw new RangeError(`DER element at byte ${offset} runs past the end`);
  return { bytes: der.subarray(offset, next), next };
}

/** The children of a constructed element. */
export function children(constructed: Buffer): Buffer[] {
  const { bytes } = element(constructed, 0);
  const first = bytes[1]!;
  let offset = first & 0x80 ? 2 + (first & 0x7f) : 2;
  const found: Buffer[] = [];
  while (offset < bytes.length) {
    const child = element(bytes, offset);
    found.push(child.bytes);
    offset = child.next;
  }
  return found;
}
