/**
 * The BER writer responses are encoded with. One scratch buffer serves every message (encoding
 * is synchronous, so messages never interleave); a finished message is copied out at its exact
 * length, which Node serves from its shared pool for small sizes. Profiled under a search load,
 * a fresh zero-filled 1 KiB buffer per PDU (what the generic BER writer does) was a fifth of the
 * encoding time and most of the garbage.
 *
 * Lengths are back-patched: a constructed element reserves one length byte, and the rare
 * content of 128 bytes or more is moved to make room for the long form.
 */

const INITIAL_SIZE = 4096;
const MAX_KEPT = 1024 * 1024;

export class BerOutput {
  #buffer = Buffer.allocUnsafe(INITIAL_SIZE);
  #offset = 0;
  /** Where each open element's content starts. */
  readonly #open: number[] = [];

  /** A constructed element (a SEQUENCE, SET, [APPLICATION n] …, or an OCTET STRING wrapping BER). */
  start(tag: number): void {
    this.#reserve(2);
    this.#buffer[this.#offset++] = tag;
    this.#offset++; // the length, written by end()
    this.#open.push(this.#offset);
  }

  end(): void {
    const start = this.#open.pop();
    if (start === undefined) throw new Error('BerOutput: end() without start()');
    const length = this.#offset - start;
    if (length < 0x80) {
      this.#buffer[start - 1] = length;
      return;
    }
    const extra = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
    this.#reserve(extra);
    this.#buffer.copyWithin(start + extra, start, this.#offset);
    this.#buffer[start - 1] = 0x80 | extra;
    for (let i = 0; i < extra; i++) this.#buffer[start + i] = (length >>> (8 * (extra - 1 - i))) & 0xff;
    this.#offset += extra;
  }

  integer(value: number, tag = 0x02): void {
    // Two's complement, shortest form: drop leading bytes that only repeat the sign.
    let size = 4;
    while (size > 1) {
      const top = (value >> (8 * (size - 1))) & 0xff;
      const next = (value >> (8 * (size - 2))) & 0x80;
      if ((top === 0x00 && next === 0) || (top === 0xff && next === 0x80)) size--;
      else break;
    }
    this.#header(tag, size);
    for (let i = size - 1; i >= 0; i--) this.#buffer[this.#offset++] = (value >> (8 * i)) & 0xff;
  }

  enumerated(value: number, tag = 0x0a): void {
    this.integer(value, tag);
  }

  string(value: string, tag = 0x04): void {
    // Short ASCII strings (attribute names, most values) are measured by their length.
    const length = value.length < 64 && isAscii(value) ? value.length : Buffer.byteLength(value);
    this.#header(tag, length);
    this.#buffer.write(value, this.#offset, length, 'utf8');
    this.#offset += length;
  }

  octets(value: Uint8Array, tag = 0x04): void {
    this.#header(tag, value.length);
    this.#buffer.set(value, this.#offset);
    this.#offset += value.length;
  }

  /** Drops what was written (a message whose encoding failed), so the next one starts clean. */
  reset(): void {
    this.#offset = 0;
    this.#open.length = 0;
  }

  /** The message written since the last take(), in a buffer of its own; the writer starts afresh. */
  take(): Buffer {
    if (this.#open.length > 0) throw new Error('BerOutput: take() with an element still open');
    const out = Buffer.allocUnsafe(this.#offset);
    this.#buffer.copy(out, 0, 0, this.#offset);
    this.#offset = 0;
    // A large entry (a photo) grew the scratch: give the memory back rather than keep it.
    if (this.#buffer.length > MAX_KEPT) this.#buffer = Buffer.allocUnsafe(INITIAL_SIZE);
    return out;
  }

  #header(tag: number, length: number): void {
    this.#reserve(6 + length);
    this.#buffer[this.#offset++] = tag;
    if (length < 0x80) {
      this.#buffer[this.#offset++] = length;
      return;
    }
    const bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
    this.#buffer[this.#offset++] = 0x80 | bytes;
    for (let i = bytes - 1; i >= 0; i--) this.#buffer[this.#offset++] = (length >>> (8 * i)) & 0xff;
  }

  #reserve(bytes: number): void {
    if (this.#offset + bytes <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#offset + bytes));
    this.#buffer.copy(grown, 0, 0, this.#offset);
    this.#buffer = grown;
  }
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}
