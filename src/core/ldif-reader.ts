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
import {
  isLdifAttributeDescription,
  isLdifNumericOid,
  type LdifAttribute,
  type LdifControl,
  LdifError,
  type LdifModification,
  type LdifReadResult,
  type LdifRecord,
  type LdifValue,
} from './ldif.js';

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
  let text: string;
  let invalidUtf8Lines: ReadonlySet<number> | undefined;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = strictUtf8.decode(input);
    } catch {
      // Rare path: decode with replacement characters and remember which lines were invalid,
      // so only a plain value on such a line is reported (comments may be in any encoding).
      text = lenientUtf8.decode(input);
      invalidUtf8Lines = linesWithInvalidUtf8(input);
    }
  }
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

const SPACE = 0x20;
const COLON = 0x3a;
const LESS_THAN = 0x3c;
const HASH = 0x23;
const DASH = 0x2d;
const CR = 0x0d;
const BYTE_ORDER_MARK = 0xfeff;

// One test per plain value finds the rare characters that need a closer look.
const SUSPECT_IN_PLAIN_VALUE = /[\0\r\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Disjoint character classes: linear.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DIGITS = /^[0-9]+$/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

const MODIFY_OPERATIONS: ReadonlyMap<string, LdifModification['operation']> = new Map([
  ['add', 'add'],
  ['delete', 'delete'],
  ['replace', 'replace'],
  ['increment', 'increment'],
]);

/** What a continuation line met by the scanner would continue. */
const Inside = { nothing: 0, line: 1, comment: 2 } as const;

/** Attribute types a record may have before grouping switches from a linear search to a Map. */
const MAX_LINEAR_GROUPS = 16;

interface OpenBlock {
  readonly operation: LdifModification['operation'];
  readonly type: string;
  readonly lower: string;
  readonly values: LdifValue[];
  readonly index: number;
}

class LdifReader {
  readonly records: LdifRecord[] = [];
  readonly errors: LdifError[] = [];
  version: number | undefined;

  // The logical (unfolded, comment-free) lines of the record being collected, with the physical
  // lines each starts and ends on. Reused from record to record.
  private readonly texts: string[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private count = 0;
  private firstBlock = true;

  constructor(
    private readonly file: string,
    private readonly resolveUrl: ((url: string, line: number) => Buffer) | undefined,
    private readonly invalidUtf8Lines: ReadonlySet<number> | undefined,
  ) {}

  /** Splits the text into logical lines and hands each blank-line-separated block on. */
  scan(text: string): void {
    const length = text.length;
    let pos = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
    let lineNo = 0;
    let open: number = Inside.nothing;
    let current = '';
    // Set only when the current line is folded; joined once, so folding stays linear.
    let pieces: string[] | undefined;
    let currentStart = 0;
    let currentEnd = 0;

    while (pos < length) {
      let next = text.indexOf('\n', pos);
      if (next === -1) next = length;
      let end = next;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      lineNo++;
      if (end === pos) {
        if (open === Inside.line) this.push(pieces ? pieces.join('') : current, currentStart, currentEnd);
        open = Inside.nothing;
        this.endBlock();
      } else {
        const first = text.charCodeAt(pos);
        if (first === SPACE) {
          if (open === Inside.line) {
            if (pieces === undefined) pieces = [current];
            pieces.push(text.slice(pos + 1, end));
            currentEnd = lineNo;
          } else if (open === Inside.nothing) {
            this.errors.push(
              new LdifError(
                this.file,
                lineNo,
                lineNo === 1
                  ? 'continuation line (starting with a space) at the start of the file'
                  : 'continuation line (starting with a space) after a blank line: there is no line to continue',
              ),
            );
          }
        } else {
          if (open === Inside.line) this.push(pieces ? pieces.join('') : current, currentStart, currentEnd);
          if (first === HASH) {
            open = Inside.comment;
          } else {
            open = Inside.line;
            current = text.slice(pos, end);
            pieces = undefined;
            currentStart = lineNo;
            currentEnd = lineNo;
          }
        }
      }
      pos = next + 1;
    }
    if (open === Inside.line) this.push(pieces ? pieces.join('') : current, currentStart, currentEnd);
    this.endBlock();
  }

  private push(text: string, start: number, end: number): void {
    const i = this.count++;
    this.texts[i] = text;
    this.starts[i] = start;
    this.ends[i] = end;
  }

  private endBlock(): void {
    if (this.count === 0) return;
    let from = 0;
    if (this.firstBlock) {
      this.firstBlock = false;
      if (isKeyword(this.texts[0]!, 'version')) {
        this.readVersion();
        from = 1;
      }
    }
    if (from < this.count) this.readRecord(from);
    this.count = 0;
  }

  private readVersion(): void {
    try {
      const value = this.readKeyword(0, 'version'.length, 'version');
      if (!DIGITS.test(value)) {
        throw this.fail(0, `invalid version ${excerpt(value)} (expected 'version: 1')`);
      }
      this.version = Number(value);
      if (this.version !== 1) throw this.fail(0, `unsupported LDIF version ${value} (only version 1 exists)`);
    } catch (error) {
      this.collect(error);
    }
  }

  /** Reads one record; it is kept only if nothing in it was wrong. */
  private readRecord(from: number): void {
    const errorsBefore = this.errors.length;
    let record: LdifRecord;
    try {
      record = this.parseRecord(from);
    } catch (error) {
      this.collect(error);
      return;
    }
    if (this.errors.length === errorsBefore) this.records.push(record);
  }

  private parseRecord(from: number): LdifRecord {
    const first = this.texts[from]!;
    const line = this.starts[from]!;
    const colon = first.indexOf(':');
    if (colon < 0) throw this.fail(from, `expected 'dn:' at the start of a record, found ${excerpt(first)}`);
    if (colon !== 2 || !isKeyword(first, 'dn')) {
      throw this.fail(
        from,
        isKeyword(first, 'version')
          ? "'version:' is only allowed on the first line of the file"
          : `expected 'dn:' at the start of a record, found ${excerpt(first.slice(0, colon + 1))}`,
      );
    }
    const dn = this.readText(from, colon, 'dn');

    let i = from + 1;
    const controls: LdifControl[] = [];
    while (i < this.count && isKeyword(this.texts[i]!, 'control')) {
      try {
        controls.push(this.readControl(i));
      } catch (error) {
        this.collect(error);
      }
      i++;
    }
    if (i < this.count && isKeyword(this.texts[i]!, 'changetype')) {
      const changetype = this.readKeyword(i, 'changetype'.length, 'changetype');
      switch (changetype.toLowerCase()) {
        case 'add':
          return { kind: 'add', dn, line, controls, attributes: this.readAttributes(i + 1, i, 'an add') };
        case 'delete':
          if (i + 1 < this.count) {
            throw this.fail(
              i + 1,
              `unexpected line after 'changetype: delete': ${excerpt(this.texts[i + 1]!)} (a delete record ends there)`,
            );
          }
          return { kind: 'delete', dn, line, controls };
        case 'modify':
          return { kind: 'modify', dn, line, controls, changes: this.readModifications(i + 1) };
        case 'modrdn':
        case 'moddn':
          return this.readModRdn(i, dn, line, controls);
        default:
          throw this.fail(
            i,
            `unknown changetype ${excerpt(changetype)} (expected add, delete, modify, modrdn or moddn)`,
          );
      }
    }
    if (i > from + 1) throw this.fail(from + 1, "'control:' lines must be followed by a 'changetype:' line");
    return { kind: 'content', dn, line, attributes: this.readAttributes(i, from, 'a content') };
  }

  /** Attribute lines of a content or add record, grouped by type case-insensitively. */
  private readAttributes(from: number, ownerIndex: number, recordKind: string): LdifAttribute[] {
    if (from >= this.count) throw this.fail(ownerIndex, `${recordKind} record needs at least one attribute`);
    // Entries have few attribute types, and lines of one type usually follow each other: compare
    // with the previous group, then the others, in place (no slicing or lower-casing per line);
    // a Map takes over only for records with many types, to stay linear.
    const groups: LdifAttribute[] = [];
    let byLowerType: Map<string, LdifAttribute> | undefined;
    let last: LdifAttribute | undefined;
    for (let i = from; i < this.count; i++) {
      try {
        const text = this.texts[i]!;
        const colon = text.indexOf(':');
        if (colon < 0) throw this.fail(i, `line has no ':' separator: ${excerpt(text)}`);
        let group = last !== undefined && hasType(text, colon, last.type) ? last : undefined;
        if (group === undefined) {
          if (byLowerType !== undefined) {
            group = byLowerType.get(text.slice(0, colon).toLowerCase());
          } else {
            for (const candidate of groups) {
              if (hasType(text, colon, candidate.type)) {
                group = candidate;
                break;
              }
            }
          }
        }
        if (group !== undefined) {
          group.values.push(this.readValue(i, colon, group.type));
        } else {
          const type = text.slice(0, colon);
          if (!isLdifAttributeDescription(type))
            throw this.fail(i, `invalid attribute type ${excerpt(type)}`);
          const lower = type.toLowerCase();
          if (lower === 'dn' || lower === 'changetype' || lower === 'control') {
            throw this.fail(i, misplacedKeyword(lower));
          }
          group = { type, values: [this.readValue(i, colon, type)] };
          groups.push(group);
          if (byLowerType !== undefined) {
            byLowerType.set(lower, group);
          } else if (groups.length > MAX_LINEAR_GROUPS) {
            byLowerType = new Map(groups.map((g) => [g.type.toLowerCase(), g]));
          }
        }
        last = group;
      } catch (error) {
        this.collect(error);
      }
    }
    return groups;
  }

  /** The `add:` / `delete:` / `replace:` / `increment:` blocks of a modify record. */
  private readModifications(from: number): LdifModification[] {
    const changes: LdifModification[] = [];
    let block: OpenBlock | undefined;
    for (let i = from; i < this.count; i++) {
      try {
        const text = this.texts[i]!;
        if (isDashLine(text)) {
          if (block === undefined) {
            throw this.fail(i, "'-' without an open 'add:', 'delete:', 'replace:' or 'increment:' block");
          }
          const closed = block;
          block = undefined;
          this.closeBlock(closed, changes);
          continue;
        }
        const colon = text.indexOf(':');
        if (colon < 0) throw this.fail(i, `line has no ':' separator: ${excerpt(text)}`);
        const type = text.slice(0, colon);
        const lower = type.toLowerCase();
        if (block !== undefined) {
          if (lower === block.lower) {
            block.values.push(this.readValue(i, colon, type));
            continue;
          }
          if (!MODIFY_OPERATIONS.has(lower)) {
            throw this.fail(
              i,
              `attribute ${excerpt(type)} inside the '${block.operation}: ${block.type}' block (its lines must all be '${block.type}:')`,
            );
          }
          // A new block starts: report the missing '-' and carry on with the new block.
          this.collect(
            this.fail(block.index, `'${block.operation}: ${block.type}' block is not ended by a '-' line`),
          );
          block = undefined;
        }
        const operation = MODIFY_OPERATIONS.get(lower);
        if (operation === undefined) {
          throw this.fail(
            i,
            `expected 'add:', 'delete:', 'replace:' or 'increment:' in a modify record, found ${excerpt(type + ':')}`,
          );
        }
        const attribute = this.readKeyword(i, colon, lower);
        if (!isLdifAttributeDescription(attribute)) {
          throw this.fail(i, `invalid attribute type ${excerpt(attribute)} after '${lower}:'`);
        }
        block = { operation, type: attribute, lower: attribute.toLowerCase(), values: [], index: i };
      } catch (error) {
        this.collect(error);
      }
    }
    if (block !== undefined) {
      this.collect(
        this.fail(block.index, `'${block.operation}: ${block.type}' block is not ended by a '-' line`),
      );
    }
    return changes;
  }

  private closeBlock(block: OpenBlock, changes: LdifModification[]): void {
    if (block.operation === 'increment' && block.values.length !== 1) {
      throw this.fail(
        block.index,
        `'increment: ${block.type}' needs exactly one value, found ${block.values.length}`,
      );
    }
    changes.push({ operation: block.operation, type: block.type, values: block.values });
  }

  private readModRdn(changetypeIndex: number, dn: string, line: number, controls: LdifControl[]): LdifRecord {
    let newRdn: string | undefined;
    let deleteOldRdn: boolean | undefined;
    let newSuperior: string | undefined;
    const seen = new Set<string>();
    for (let i = changetypeIndex + 1; i < this.count; i++) {
      try {
        const text = this.texts[i]!;
        const colon = text.indexOf(':');
        if (colon < 0) throw this.fail(i, `line has no ':' separator: ${excerpt(text)}`);
        const keyword = text.slice(0, colon).toLowerCase();
        if (keyword !== 'newrdn' && keyword !== 'deleteoldrdn' && keyword !== 'newsuperior') {
          throw this.fail(
            i,
            `unexpected ${excerpt(text.slice(0, colon + 1))} in a modrdn record (expected 'newrdn:', 'deleteoldrdn:' or 'newsuperior:')`,
          );
        }
        if (seen.has(keyword)) throw this.fail(i, `'${keyword}:' appears twice in a modrdn record`);
        seen.add(keyword);
        if (keyword === 'newrdn') {
          newRdn = this.readText(i, colon, 'newrdn');
          if (newRdn === '') throw this.fail(i, "'newrdn:' is empty");
        } else if (keyword === 'deleteoldrdn') {
          const flag = this.readKeyword(i, colon, 'deleteoldrdn');
          if (flag !== '0' && flag !== '1') {
            throw this.fail(i, `'deleteoldrdn:' must be 0 or 1, found ${excerpt(flag)}`);
          }
          deleteOldRdn = flag === '1';
        } else {
          newSuperior = this.readText(i, colon, 'newsuperior');
        }
      } catch (error) {
        this.collect(error);
      }
    }
    if (!seen.has('newrdn')) throw this.fail(changetypeIndex, "modrdn record has no 'newrdn:' line");
    if (!seen.has('deleteoldrdn'))
      throw this.fail(changetypeIndex, "modrdn record has no 'deleteoldrdn:' line");
    const record = {
      kind: 'modrdn',
      dn,
      line,
      controls,
      newRdn: newRdn ?? '',
      deleteOldRdn: deleteOldRdn ?? false,
    } as const;
    return newSuperior === undefined ? record : { ...record, newSuperior };
  }

  /** `control: <numeric oid> [true|false] [value-spec]` */
  private readControl(index: number): LdifControl {
    const text = this.texts[index]!;
    const length = text.length;
    let p = 'control:'.length;
    const marker = text.charCodeAt(p);
    if (marker === COLON || marker === LESS_THAN) {
      throw this.fail(index, "'control:' takes a plain value ('control: <oid> [true|false] [value]')");
    }
    while (p < length && text.charCodeAt(p) === SPACE) p++;
    const oidStart = p;
    while (p < length && text.charCodeAt(p) !== SPACE && text.charCodeAt(p) !== COLON) p++;
    const oid = text.slice(oidStart, p);
    if (!isLdifNumericOid(oid)) {
      throw this.fail(
        index,
        `invalid control OID ${excerpt(oid)} (expected a numeric OID such as 1.2.840.113556.1.4.319)`,
      );
    }
    while (p < length && text.charCodeAt(p) === SPACE) p++;
    let critical = false;
    if (p < length && text.charCodeAt(p) !== COLON) {
      const wordStart = p;
      while (p < length && text.charCodeAt(p) !== SPACE && text.charCodeAt(p) !== COLON) p++;
      const word = text.slice(wordStart, p).toLowerCase();
      if (word === 'true') critical = true;
      else if (word !== 'false') {
        throw this.fail(
          index,
          `control criticality must be 'true' or 'false', found ${excerpt(text.slice(wordStart, p))}`,
        );
      }
      while (p < length && text.charCodeAt(p) === SPACE) p++;
      if (p < length && text.charCodeAt(p) !== COLON) {
        throw this.fail(index, `unexpected ${excerpt(text.slice(p))} after the control criticality`);
      }
    }
    if (p >= length) return { oid, critical };
    return { oid, critical, value: this.readValue(index, p, `control ${oid}`) };
  }

  /** The value after the ':' at `colon`: plain text, `::` base64 or `:<` URL. */
  private readValue(index: number, colon: number, name: string): LdifValue {
    const text = this.texts[index]!;
    const marker = text.charCodeAt(colon + 1);
    if (marker === COLON) return this.decodeBase64(index, trimSpaces(text, colon + 2), name);
    if (marker === LESS_THAN) return this.resolve(index, trimSpaces(text, colon + 2), name);
    return this.readPlain(index, colon + 1, name);
  }

  /** A DN-like value (`dn`, `newrdn`, `newsuperior`): plain or base64 of UTF-8, never a URL. */
  private readText(index: number, colon: number, keyword: string): string {
    const text = this.texts[index]!;
    const marker = text.charCodeAt(colon + 1);
    if (marker === LESS_THAN)
      throw this.fail(index, `'${keyword}:<' is not allowed: a ${keyword} cannot come from a URL`);
    if (marker !== COLON) return this.readPlain(index, colon + 1, keyword);
    const octets = this.decodeBase64(index, trimSpaces(text, colon + 2), keyword);
    try {
      return strictUtf8.decode(octets);
    } catch {
      throw this.fail(index, `value of '${keyword}' is not valid UTF-8 once decoded from base64`);
    }
  }

  /** A keyword's value (`changetype: add`): plain only, surrounding spaces ignored. */
  private readKeyword(index: number, colon: number, keyword: string): string {
    const text = this.texts[index]!;
    const marker = text.charCodeAt(colon + 1);
    if (marker === COLON || marker === LESS_THAN) {
      throw this.fail(index, `'${keyword}:' takes a plain value, not base64 or a URL`);
    }
    return trimSpaces(text, colon + 1);
  }

  /** `attr: value` — the spaces after ':' are the FILL of the grammar, never part of the value. */
  private readPlain(index: number, from: number, name: string): string {
    const text = this.texts[index]!;
    let start = from;
    while (start < text.length && text.charCodeAt(start) === SPACE) start++;
    const value = text.slice(start);
    if (SUSPECT_IN_PLAIN_VALUE.test(value)) {
      if (value.includes('\0')) {
        throw this.fail(index, `value of '${name}' contains a NUL character; write it in base64 with '::'`);
      }
      if (value.includes('\r')) {
        throw this.fail(index, `value of '${name}' contains a CR character; write it in base64 with '::'`);
      }
      if (LONE_SURROGATE.test(value)) {
        throw this.fail(index, `value of '${name}' is not valid UTF-8 (lone UTF-16 surrogate)`);
      }
    }
    if (this.invalidUtf8Lines !== undefined) {
      for (let line = this.starts[index]!; line <= this.ends[index]!; line++) {
        if (this.invalidUtf8Lines.has(line)) {
          throw this.fail(index, `value of '${name}' is not valid UTF-8; write it in base64 with '::'`);
        }
      }
    }
    return value;
  }

  private decodeBase64(index: number, encoded: string, name: string): Buffer {
    if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
      throw this.fail(index, `value of '${name}' is not valid base64: ${excerpt(encoded)}`);
    }
    return Buffer.from(encoded, 'base64');
  }

  private resolve(index: number, url: string, name: string): Buffer {
    if (url === '') throw this.fail(index, `value of '${name}' has an empty URL after ':<'`);
    const line = this.starts[index]!;
    if (this.resolveUrl === undefined) {
      throw this.fail(index, `cannot read value of '${name}' from URL '${url}': no URL resolver was given`);
    }
    let octets: Uint8Array;
    try {
      octets = this.resolveUrl(url, line);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw this.fail(index, `cannot read value of '${name}' from URL '${url}': ${message}`);
    }
    return Buffer.isBuffer(octets)
      ? octets
      : Buffer.from(octets.buffer, octets.byteOffset, octets.byteLength);
  }

  private fail(index: number, reason: string): LdifError {
    return new LdifError(this.file, this.starts[index]!, reason);
  }

  private collect(error: unknown): void {
    if (!(error instanceof LdifError)) throw error;
    this.errors.push(error);
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

/** Whether the line's type (the text before `colon`) is `type` in any letter case. */
function hasType(text: string, colon: number, type: string): boolean {
  if (colon !== type.length) return false;
  for (let i = 0; i < colon; i++) {
    const a = text.charCodeAt(i);
    const b = type.charCodeAt(i);
    if (a !== b) {
      // `type` is a valid attribute description (ASCII); only letters may differ, by case.
      const lower = b | 0x20;
      if (lower < 0x61 || lower > 0x7a || (a | 0x20) !== lower) return false;
    }
  }
  return true;
}

/** `-`, possibly followed by spaces. */
function isDashLine(text: string): boolean {
  if (text.charCodeAt(0) !== DASH) return false;
  for (let i = 1; i < text.length; i++) if (text.charCodeAt(i) !== SPACE) return false;
  return true;
}

function trimSpaces(text: string, from: number): string {
  let start = from;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === SPACE) start++;
  while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
  return text.slice(start, end);
}

function misplacedKeyword(lower: 'dn' | 'changetype' | 'control'): string {
  switch (lower) {
    case 'dn':
      return "'dn:' inside a record (records must be separated by a blank line)";
    case 'changetype':
      return "'changetype:' must come right after 'dn:' and any 'control:' lines";
    case 'control':
      return "'control:' lines must come between 'dn:' and 'changetype:'";
  }
}

/** A short, quoted, escaped piece of the input for an error message. */
function excerpt(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Physical line numbers (1-based) that hold bytes which are not UTF-8. */
function linesWithInvalidUtf8(bytes: Uint8Array): Set<number> {
  const invalid = new Set<number>();
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    try {
      strictUtf8.decode(bytes.subarray(start, end));
    } catch {
      invalid.add(line);
    }
    start = end + 1;
    line++;
  }
  return invalid;
}
