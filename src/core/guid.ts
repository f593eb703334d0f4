/**
 * GUIDs such as AD's objectGUID: 16 bytes ↔ `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
 * The first three groups are little-endian integers in the bytes (MS-DTYP 2.3.4), so their
 * bytes are reversed in the string; the last two groups are in byte order.
 */

/** Byte index of each of the 16 bytes, in the order the string shows them. */
const STRING_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;
const HEX = '0123456789abcdef';

/** Decode 16 bytes into the lower-case string form; throws RangeError for another length. */
export function decodeGuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`a GUID is 16 bytes, got ${bytes.length}`);
  let out = '';
  for (let k = 0; k < 16; k++) {
    if (k === 4 || k === 6 || k === 8 || k === 10) out += '-';
    const b = bytes[STRING_ORDER[k]!]!;
    out += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return out;
}

const GUID_PATTERN = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

/**
 * Encode the string form (either case, optionally in braces) into 16 bytes; throws SyntaxError
 * for anything else.
 */
export function encodeGuid(guid: string): Buffer {
  const m = GUID_PATTERN.exec(guid);
  const braces = guid.startsWith('{') === guid.endsWith('}');
  if (m === null || !braces) {
    throw new SyntaxError(
      `malformed GUID ${JSON.stringify(guid)}: expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex, optionally in braces)`,
    );
  }
  const hex = m.slice(1).join('');
  const out = Buffer.alloc(16);
  for (let k = 0; k < 16; k++) out[STRING_ORDER[k]!] = Number.parseInt(hex.slice(2 * k, 2 * k + 2), 16);
  return out;
}
