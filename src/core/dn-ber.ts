/** The BER bytes of `#hex` DN attribute values: their text content, their AVA value text, their hex. */

/** Tags of the primitive string types whose `#hex` BER content parseDN exposes as text. */
function isStringTag(tag: number): boolean {
  return tag === 0x04 || tag === 0x0c || tag === 0x13 || tag === 0x16;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text content of a BER-encoded primitive string (OCTET STRING, UTF8String,
 * PrintableString, IA5String) holding valid UTF-8, or undefined for anything else (other tags,
 * constructed or indefinite forms, a length that does not cover exactly the rest).
 */
export function berStringContent(ber: Uint8Array): string | undefined {
  if (ber.length < 2 || !isStringTag(ber[0]!)) return undefined;
  const first = ber[1]!;
  let length: number;
  let offset: number;
  if (first < 0x80) {
    length = first;
    offset = 2;
  } else {
    const octets = first & 0x7f;
    if (octets === 0 || octets > 4 || ber.length < 2 + octets) return undefined;
    length = 0;
    for (let k = 0; k < octets; k++) length = length * 256 + ber[2 + k]!;
    offset = 2 + octets;
  }
  if (offset + length !== ber.length) return undefined;
  try {
    return strictUtf8.decode(ber.subarray(offset));
  } catch {
    return undefined;
  }
}

/**
 * The `value` parseDN gives an AVA whose `#hex` value decodes to `ber`, when written the way
 * formatDN writes it (lower-case hex). Lets callers build AVAs that round-trip.
 */
export function berValueText(ber: Uint8Array): string {
  return berStringContent(ber) ?? '#' + Buffer.from(ber).toString('hex');
}

/** Lower-case hex of BER bytes: how formatDN writes a `#hex` value and normalizeDN compares one. */
export function hexOf(ber: Uint8Array): string {
  return Buffer.from(ber.buffer, ber.byteOffset, ber.byteLength).toString('hex');
}
