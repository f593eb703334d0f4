/**
 * Windows security identifiers (MS-DTYP 2.4.2): binary form ↔ `S-1-…` string form.
 *
 * Binary layout (2.4.2.2): revision (1 byte, must be 1), sub-authority count (1 byte, ≤ 15),
 * identifier authority (6 bytes, big-endian), then count × uint32 little-endian.
 * String form (2.4.2.1): `S-1-<authority>-<sub>…`, the authority in decimal below 2^32 and as
 * `0x` plus 12 upper-case hex digits from 2^32 on (OpenBao prints it in decimal always; no real
 * SID has such an authority).
 */

const MAX_SUB_AUTHORITIES = 15;
const TWO_POW_32 = 0x1_0000_0000;
const MAX_AUTHORITY = 0xffff_ffff_ffff; // 48 bits

/**
 * Decode a binary SID. Bytes after the last sub-authority are ignored (as OpenBao does);
 * throws RangeError when the buffer is shorter than its header says, the revision is not 1 or
 * the count is above 15.
 */
export function decodeSid(bytes: Uint8Array): string {
  if (bytes.length < 8) {
    throw new RangeError(`SID too short: ${bytes.length} bytes, the header alone is 8`);
  }
  const revision = bytes[0]!;
  if (revision !== 1) throw new RangeError(`SID revision is ${revision}, expected 1`);
  const count = bytes[1]!;
  if (count > MAX_SUB_AUTHORITIES) {
    throw new RangeError(`SID has ${count} sub-authorities, at most ${MAX_SUB_AUTHORITIES} are allowed`);
  }
  const needed = 8 + 4 * count;
  if (bytes.length < needed) {
    throw new RangeError(`SID too short: ${count} sub-authorities need ${needed} bytes, got ${bytes.length}`);
  }
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + bytes[i]!;
  let out =
    'S-1-' +
    (authority < TWO_POW_32
      ? String(authority)
      : '0x' + authority.toString(16).toUpperCase().padStart(12, '0'));
  for (let k = 0, p = 8; k < count; k++, p += 4) {
    const sub = (bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24)) >>> 0;
    out += '-' + sub;
  }
  return out;
}

interface ParsedSid {
  readonly authority: number;
  readonly subAuthorities: readonly number[];
}

function parseNumber(sid: string, text: string, what: string, max: number): number {
  let value: number;
  if (/^0x[0-9a-f]{1,12}$/i.test(text) && what === 'identifier authority') {
    value = Number.parseInt(text.slice(2), 16);
  } else if (/^[0-9]{1,20}$/.test(text)) {
    value = Number(text);
  } else {
    throw new SyntaxError(
      `malformed SID ${JSON.stringify(sid)}: ${what} ${JSON.stringify(text)} is not a number`,
    );
  }
  if (value > max) {
    throw new RangeError(`SID ${JSON.stringify(sid)}: ${what} ${text} is above the maximum ${max}`);
  }
  return value;
}

function parseSid(sid: string): ParsedSid {
  const parts = sid.split('-');
  if (parts.length < 3 || (parts[0] !== 'S' && parts[0] !== 's')) {
    throw new SyntaxError(
      `malformed SID ${JSON.stringify(sid)}: expected S-1-<authority>[-<sub-authority>…]`,
    );
  }
  if (parts[1] !== '1') {
    throw new SyntaxError(
      `malformed SID ${JSON.stringify(sid)}: revision must be 1, got ${JSON.stringify(parts[1])}`,
    );
  }
  const count = parts.length - 3;
  if (count > MAX_SUB_AUTHORITIES) {
    throw new RangeError(
      `SID ${JSON.stringify(sid)} has ${count} sub-authorities, at most ${MAX_SUB_AUTHORITIES} are allowed`,
    );
  }
  const authority = parseNumber(sid, parts[2]!, 'identifier authority', MAX_AUTHORITY);
  const subAuthorities: number[] = [];
  for (let k = 3; k < parts.length; k++) {
    subAuthorities.push(parseNumber(sid, parts[k]!, `sub-authority ${k - 2}`, TWO_POW_32 - 1));
  }
  return { authority, subAuthorities };
}

/**
 * Encode `S-1-…` into the binary form. Accepts a lower-case `s`, leading zeros and a `0x` hex
 * authority; throws SyntaxError on a malformed string and RangeError for more than 15
 * sub-authorities or a number out of range.
 */
export function encodeSid(sid: string): Buffer {
  const { authority, subAuthorities } = parseSid(sid);
  const out = Buffer.alloc(8 + 4 * subAuthorities.length);
  out[0] = 1;
  out[1] = subAuthorities.length;
  out.writeUIntBE(authority, 2, 6);
  for (let k = 0; k < subAuthorities.length; k++) out.writeUInt32LE(subAuthorities[k]!, 8 + 4 * k);
  return out;
}

/** The relative identifier: the last sub-authority. Throws when the SID has none or is malformed. */
export function sidRid(sid: string): number {
  const { subAuthorities } = parseSid(sid);
  const rid = subAuthorities[subAuthorities.length - 1];
  if (rid === undefined) throw new RangeError(`SID ${JSON.stringify(sid)} has no sub-authorities, so no RID`);
  return rid;
}
