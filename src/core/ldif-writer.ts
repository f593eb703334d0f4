/**
 * LDIF writer (RFC 2849). A value is written plain only when RFC 2849 lets it be (ASCII, no NUL,
 * LF or CR, not starting with space, ':' or '<') and it does not end with a space, which the RFC
 * advises against; anything else is base64 (`::`). The output is therefore pure ASCII, so folding
 * by character count never splits a UTF-8 sequence. `readLdif(writeLdif(records))` gives the
 * records back (values compared as octets: a Buffer holding safe text comes back as a string).
 */
import {
  isLdifAttributeDescription,
  isLdifNumericOid,
  isLdifReservedType,
  type LdifAttribute,
  type LdifControl,
  type LdifRecord,
  type LdifValue,
} from './ldif.js';

export { ldifValueToBuffer } from './ldif.js';

export interface WriteLdifOptions {
  /** Longest physical line; longer lines are folded. Default 76; 0 turns folding off. */
  readonly foldWidth?: number | undefined;
  /** Start with `version: 1`. Default false. */
  readonly version?: boolean | undefined;
}

/** Writes records as LDIF text, one blank line between records, LF line ends. */
export function writeLdif(records: readonly LdifRecord[], options: WriteLdifOptions = {}): string {
  const foldWidth = options.foldWidth ?? 76;
  if (!Number.isInteger(foldWidth) || foldWidth < 0 || foldWidth === 1) {
    // A continuation line is a space plus at least one character, so 2 is the narrowest fold.
    throw new RangeError(`foldWidth must be 0 (no folding) or an integer of at least 2, got ${foldWidth}`);
  }
  const out = new LineSink(foldWidth);
  if (options.version === true) {
    out.line('version: 1');
    out.blank();
  }
  let first = true;
  for (const record of records) {
    if (!first) out.blank();
    first = false;
    writeRecord(out, record);
  }
  return out.text();
}

function writeRecord(out: LineSink, record: LdifRecord): void {
  out.line('dn' + valueSpec(record.dn, record, 'dn'));
  if (record.kind === 'content') {
    writeAttributes(out, record, record.attributes);
    return;
  }
  for (const control of record.controls) out.line(controlLine(control, record));
  switch (record.kind) {
    case 'add':
      out.line('changetype: add');
      writeAttributes(out, record, record.attributes);
      return;
    case 'delete':
      out.line('changetype: delete');
      return;
    case 'modify':
      out.line('changetype: modify');
      for (const change of record.changes) {
        checkType(change.type, record);
        if (change.operation === 'increment' && change.values.length !== 1) {
          throw new TypeError(`${where(record)}: 'increment: ${change.type}' needs exactly one value`);
        }
        out.line(`${change.operation}: ${change.type}`);
        for (const value of change.values) out.line(change.type + valueSpec(value, record, change.type));
        out.line('-');
      }
      return;
    case 'modrdn':
      if (record.newRdn === '') throw new TypeError(`${where(record)}: newRdn is empty`);
      out.line('changetype: modrdn');
      out.line('newrdn' + valueSpec(record.newRdn, record, 'newrdn'));
      out.line(record.deleteOldRdn ? 'deleteoldrdn: 1' : 'deleteoldrdn: 0');
      if (record.newSuperior !== undefined) {
        out.line('newsuperior' + valueSpec(record.newSuperior, record, 'newsuperior'));
      }
      return;
  }
}

function writeAttributes(out: LineSink, record: LdifRecord, attributes: readonly LdifAttribute[]): void {
  if (attributes.length === 0)
    throw new TypeError(`${where(record)}: a ${record.kind} record needs an attribute`);
  for (const attribute of attributes) {
    checkType(attribute.type, record);
    if (isLdifReservedType(attribute.type)) {
      throw new TypeError(`${where(record)}: '${attribute.type}' cannot name an attribute in LDIF`);
    }
    for (const value of attribute.values) out.line(attribute.type + valueSpec(value, record, attribute.type));
  }
}

function controlLine(control: LdifControl, record: LdifRecord): string {
  if (!isLdifNumericOid(control.oid)) {
    throw new TypeError(`${where(record)}: control OID ${JSON.stringify(control.oid)} is not a numeric OID`);
  }
  const head = `control: ${control.oid} ${control.critical ? 'true' : 'false'}`;
  return control.value === undefined
    ? head
    : head + valueSpec(control.value, record, `control ${control.oid}`);
}

/** `: text`, `:: base64` or `:` (empty), to follow the attribute type. */
function valueSpec(value: LdifValue, record: LdifRecord, name: string): string {
  if (typeof value === 'string') {
    if (value === '') return ':';
    if (isSafeText(value)) return ': ' + value;
    if (LONE_SURROGATE.test(value)) {
      // Buffer.from would silently turn it into U+FFFD; refuse rather than lose data.
      throw new TypeError(
        `${where(record)}: value of '${name}' has a lone UTF-16 surrogate, not encodable as UTF-8`,
      );
    }
    return ':: ' + Buffer.from(value, 'utf8').toString('base64');
  }
  if (value.length === 0) return ':';
  if (isSafeOctets(value)) return ': ' + value.toString('latin1');
  return ':: ' + value.toString('base64');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SPACE = 0x20;
const COLON = 0x3a;
const LESS_THAN = 0x3c;

/** SAFE-STRING of RFC 2849 that also does not end with a space. */
function isSafeText(value: string): boolean {
  const first = value.charCodeAt(0);
  if (first === SPACE || first === COLON || first === LESS_THAN) return false;
  if (value.charCodeAt(value.length - 1) === SPACE) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c === 0x0a || c === 0x0d || c > 0x7f) return false;
  }
  return true;
}

function isSafeOctets(value: Uint8Array): boolean {
  const first = value[0]!;
  if (first === SPACE || first === COLON || first === LESS_THAN) return false;
  if (value[value.length - 1] === SPACE) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === 0 || c === 0x0a || c === 0x0d || c > 0x7f) return false;
  }
  return true;
}

function checkType(type: string, record: LdifRecord): void {
  if (!isLdifAttributeDescription(type)) {
    throw new TypeError(`${where(record)}: invalid attribute type ${JSON.stringify(type)}`);
  }
}

function where(record: LdifRecord): string {
  return `cannot write LDIF record ${JSON.stringify(record.dn)}`;
}

/** Collects physical lines, folding the long ones. */
class LineSink {
  private readonly lines: string[] = [];

  constructor(private readonly foldWidth: number) {}

  line(text: string): void {
    const width = this.foldWidth;
    if (width === 0 || text.length <= width) {
      this.lines.push(text);
      return;
    }
    this.lines.push(text.slice(0, width));
    // Each continuation line is one space plus width - 1 characters.
    for (let i = width; i < text.length; i += width - 1) this.lines.push(' ' + text.slice(i, i + width - 1));
  }

  blank(): void {
    this.lines.push('');
  }

  text(): string {
    return this.lines.length === 0 ? '' : this.lines.join('\n') + '\n';
  }
}
