/**
 * LDIF reader (RFC 2849). It collects every problem of a file instead of stopping at the first,
 * so a validator can list them all: a record with a problem is left out and reading goes on.
 *
 * Deliberate choices beyond the RFC grammar:
 * - content and change records may be mixed in one file (the RFC wants one kind per file);
 * - `version:` is optional;
 * - keywords (`dn`, `changetype`, `add`...) are matched case-insensitively, as ABNF strings are;
 * - plain values may hold any UTF-8 text, not only ASCII (as OpenLDAP's tools accept), but a NUL,
 *   a CR or invalid UTF-8 needs base64;
 * - spaces trailing a keyword value (`changetype: add `), a base64 value or a URL are ignored;
 *   spaces trailing a plain attribute value belong to the value, as the grammar says;
 * - a UTF-8 byte-order mark at the start is skipped.
 * Pure: an `attr:< url` value is read through the `resolveUrl` callback the caller passes.
 */
import type { LdifControl, LdifError, LdifReadResult, LdifRecord } from './ldif.js';
import { readAttributes } from './ldif-attributes.js';
import { readChangeRecord, readControl } from './ldif-change-records.js';
import { excerpt, LdifLines, scanLdifLines } from './ldif-lines.js';
import { decodeLdif } from './ldif-utf8.js';
import { LdifValues } from './ldif-values.js';

export interface ReadLdifOptions {
  /** Names the file in error messages; default `<ldif>`. */
  readonly fileName?: string | undefined;
  /** Gives the octets of an `attr:< url` value; throw to report the URL cannot be read. */
  readonly resolveUrl?: ((url: string, line: number) => Buffer) | undefined;
}

/**
 * Reads every record of an LDIF file and every problem in it. Pass the file's bytes (rather than
 * a decoded string) to have invalid UTF-8 in plain values reported; a string cannot hold it.
 */
export function readLdif(input: string | Uint8Array, options: ReadLdifOptions = {}): LdifReadResult {
  const { text, invalidUtf8Lines } = decodeLdif(input);
  const reader = new LdifReader(options.fileName ?? '<ldif>', options.resolveUrl, invalidUtf8Lines);
  reader.scan(text);
  const { records, errors, version } = reader;
  return version === undefined ? { records, errors } : { records, errors, version };
}

/** Like `readLdif`, but throws the first problem. */
export function parseLdif(input: string | Uint8Array, options: ReadLdifOptions = {}): LdifRecord[] {
  const result = readLdif(input, options);
  const first = result.errors[0];
  if (first !== undefined) throw first;
  return result.records;
}

const COLON = 0x3a;
// Disjoint character classes: linear.
const DIGITS = /^[0-9]+$/;

/** Reads the blocks of one file: the `version:` line, then one record per block. */
class LdifReader {
  readonly records: LdifRecord[] = [];
  readonly errors: LdifError[] = [];
  version: number | undefined;

  private readonly lines: LdifLines;
  private readonly values: LdifValues;
  private firstBlock = true;

  constructor(
    file: string,
    resolveUrl: ((url: string, line: number) => Buffer) | undefined,
    invalidUtf8Lines: ReadonlySet<number> | undefined,
  ) {
    this.lines = new LdifLines(file, this.errors);
    this.values = new LdifValues(this.lines, resolveUrl, invalidUtf8Lines);
  }

  scan(text: string): void {
    scanLdifLines(text, this.lines, () => this.readBlock());
  }

  private readBlock(): void {
    let from = 0;
    if (this.firstBlock) {
      this.firstBlock = false;
      if (isKeyword(this.lines.texts[0]!, 'version')) {
        this.readVersion();
        from = 1;
      }
    }
    if (from < this.lines.count) this.readRecord(from);
  }

  private readVersion(): void {
    try {
      const value = this.values.readKeyword(0, 'version'.length, 'version');
      if (!DIGITS.test(value)) {
        throw this.lines.fail(0, `invalid version ${excerpt(value)} (expected 'version: 1')`);
      }
      this.version = Number(value);
      if (this.version !== 1)
        throw this.lines.fail(0, `unsupported LDIF version ${value} (only version 1 exists)`);
    } catch (error) {
      this.lines.collect(error);
    }
  }

  /** Reads one record; it is kept only if nothing in it was wrong. */
  private readRecord(from: number): void {
    const errorsBefore = this.errors.length;
    let record: LdifRecord;
    try {
      record = this.parseRecord(from);
    } catch (error) {
      this.lines.collect(error);
      return;
    }
    if (this.errors.length === errorsBefore) this.records.push(record);
  }

  private parseRecord(from: number): LdifRecord {
    const first = this.lines.texts[from]!;
    const line = this.lines.starts[from]!;
    const colon = first.indexOf(':');
    if (colon < 0)
      throw this.lines.fail(from, `expected 'dn:' at the start of a record, found ${excerpt(first)}`);
    if (colon !== 2 || !isKeyword(first, 'dn')) {
      throw this.lines.fail(
        from,
        isKeyword(first, 'version')
          ? "'version:' is only allowed on the first line of the file"
          : `expected 'dn:' at the start of a record, found ${excerpt(first.slice(0, colon + 1))}`,
      );
    }
    const dn = this.values.readText(from, colon, 'dn');

    let i = from + 1;
    const controls: LdifControl[] = [];
    while (i < this.lines.count && isKeyword(this.lines.texts[i]!, 'control')) {
      try {
        controls.push(readControl(this.lines, this.values, i));
      } catch (error) {
        this.lines.collect(error);
      }
      i++;
    }
    if (i < this.lines.count && isKeyword(this.lines.texts[i]!, 'changetype')) {
      return readChangeRecord(this.lines, this.values, i, dn, line, controls);
    }
    if (i > from + 1)
      throw this.lines.fail(from + 1, "'control:' lines must be followed by a 'changetype:' line");
    return {
      kind: 'content',
      dn,
      line,
      attributes: readAttributes(this.lines, this.values, i, from, 'a content'),
    };
  }
}

/** Whether the logical line starts with `keyword:` in any letter case (keyword in lower case). */
function isKeyword(text: string, keyword: string): boolean {
  const n = keyword.length;
  if (text.length <= n || text.charCodeAt(n) !== COLON) return false;
  for (let i = 0; i < n; i++) {
    // Setting bit 0x20 lower-cases an ASCII letter; keywords are letters only.
    if ((text.charCodeAt(i) | 0x20) !== keyword.charCodeAt(i)) return false;
  }
  return true;
}
