/** Reading the value after an LDIF line's ':': plain text, `::` base64 or `:<` URL, checked and decoded. */
import type { LdifValue } from './ldif.js';
import { excerpt, type LdifLines } from './ldif-lines.js';
import { strictUtf8 } from './ldif-utf8.js';

const SPACE = 0x20;
const COLON = 0x3a;
const LESS_THAN = 0x3c;

// One test per plain value finds the rare characters that need a closer look.
const SUSPECT_IN_PLAIN_VALUE = /[\0\r\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Disjoint character classes: linear.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Reads values from the logical lines of the current block; `index` names the line, `colon` the
 * position of its ':'. Problems are thrown as located LdifErrors.
 */
export class LdifValues {
  constructor(
    private readonly lines: LdifLines,
    private readonly resolveUrl: ((url: string, line: number) => Buffer) | undefined,
    private readonly invalidUtf8Lines: ReadonlySet<number> | undefined,
  ) {}

  /** The value after the ':' at `colon`: plain text, `::` base64 or `:<` URL. */
  readValue(index: number, colon: number, name: string): LdifValue {
    const text = this.lines.texts[index]!;
    const marker = text.charCodeAt(colon + 1);
    if (marker === COLON) return this.decodeBase64(index, trimSpaces(text, colon + 2), name);
    if (marker === LESS_THAN) return this.resolve(index, trimSpaces(text, colon + 2), name);
    return this.readPlain(index, colon + 1, name);
  }

  /** A DN-like value (`dn`, `newrdn`, `newsuperior`): plain or base64 of UTF-8, never a URL. */
  readText(index: number, colon: number, keyword: string): string {
    const text = this.lines.texts[index]!;
    const marker = text.charCodeAt(colon + 1);
    if (marker === LESS_THAN)
      throw this.lines.fail(index, `'${keyword}:<' is not allowed: a ${keyword} cannot come from a URL`);
    if (marker !== COLON) return this.readPlain(index, colon + 1, keyword);
    const octets = this.decodeBase64(index, trimSpaces(text, colon + 2), keyword);
    try {
      return strictUtf8.decode(octets);
    } catch {
      throw this.lines.fail(index, `value of '${keyword}' is not valid UTF-8 once decoded from base64`);
    }
  }

  /** A keyword's value (`changetype: add`): plain only, surrounding spaces ignored. */
  readKeyword(index: number, colon: number, keyword: string): string {
    const text = this.lines.texts[index]!;
    const marker = text.charCodeAt(colon + 1);
    if (marker === COLON || marker === LESS_THAN) {
      throw this.lines.fail(index, `'${keyword}:' takes a plain value, not base64 or a URL`);
    }
    return trimSpaces(text, colon + 1);
  }

  /** `attr: value` — the spaces after ':' are the FILL of the grammar, never part of the value. */
  private readPlain(index: number, from: number, name: string): string {
    const text = this.lines.texts[index]!;
    let start = from;
    while (start < text.length && text.charCodeAt(start) === SPACE) start++;
    const value = text.slice(start);
    if (SUSPECT_IN_PLAIN_VALUE.test(value)) {
      if (value.includes('\0')) {
        throw this.lines.fail(
          index,
          `value of '${name}' contains a NUL character; write it in base64 with '::'`,
        );
      }
      if (value.includes('\r')) {
        throw this.lines.fail(
          index,
          `value of '${name}' contains a CR character; write it in base64 with '::'`,
        );
      }
      if (LONE_SURROGATE.test(value)) {
        throw this.lines.fail(index, `value of '${name}' is not valid UTF-8 (lone UTF-16 surrogate)`);
      }
    }
    if (this.invalidUtf8Lines !== undefined) {
      for (let line = this.lines.starts[index]!; line <= this.lines.ends[index]!; line++) {
        if (this.invalidUtf8Lines.has(line)) {
          throw this.lines.fail(index, `value of '${name}' is not valid UTF-8; write it in base64 with '::'`);
        }
      }
    }
    return value;
  }

  private decodeBase64(index: number, encoded: string, name: string): Buffer {
    if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
      throw this.lines.fail(index, `value of '${name}' is not valid base64: ${excerpt(encoded)}`);
    }
    return Buffer.from(encoded, 'base64');
  }

  private resolve(index: number, url: string, name: string): Buffer {
    if (url === '') throw this.lines.fail(index, `value of '${name}' has an empty URL after ':<'`);
    const line = this.lines.starts[index]!;
    if (this.resolveUrl === undefined) {
      throw this.lines.fail(
        index,
        `cannot read value of '${name}' from URL '${url}': no URL resolver was given`,
      );
    }
    let octets: Uint8Array;
    try {
      octets = this.resolveUrl(url, line);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw this.lines.fail(index, `cannot read value of '${name}' from URL '${url}': ${message}`);
    }
    return Buffer.isBuffer(octets)
      ? octets
      : Buffer.from(octets.buffer, octets.byteOffset, octets.byteLength);
  }
}

function trimSpaces(text: string, from: number): string {
  let start = from;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === SPACE) start++;
  while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
  return text.slice(start, end);
}
