/**
 * The records of an LDIF file (RFC 2849), as read by `readLdif` and written by `writeLdif`.
 *
 * Values keep the form the file gave them: a `string` for a plain `attr: text` value, a `Buffer`
 * for `attr:: base64` and `attr:< url` values (those may be binary, so they stay octets until a
 * matching rule decides how to read them). `ldifValueToBuffer` gives the octets of either.
 */

/** A plain value is a string (UTF-8 text as written); base64 and URL values are octets. */
export type LdifValue = string | Buffer;

/** One attribute of a content or add record; `type` as written, options included (`cn;lang-en`). */
export interface LdifAttribute {
  readonly type: string;
  readonly values: LdifValue[];
}

/** A `control:` line of a change record. */
export interface LdifControl {
  readonly oid: string;
  readonly critical: boolean;
  readonly value?: LdifValue;
}

/** Fields every record has. `line` is the 1-based physical line of its `dn:` line (0 if not read from a file). */
interface LdifRecordBase {
  readonly dn: string;
  readonly line: number;
}

/** A change record also carries the `control:` lines written before its `changetype:`. */
interface LdifChangeRecordBase extends LdifRecordBase {
  readonly controls: LdifControl[];
}

/**
 * An entry (no `changetype:`). Attributes are grouped by type case-insensitively, in the order
 * each type was first seen; the group keeps the first spelling of the type.
 */
export interface LdifContentRecord extends LdifRecordBase {
  readonly kind: 'content';
  readonly attributes: LdifAttribute[];
}

/** `changetype: add`; attributes grouped as in a content record. */
export interface LdifAddRecord extends LdifChangeRecordBase {
  readonly kind: 'add';
  readonly attributes: LdifAttribute[];
}

/** `changetype: delete`. */
export interface LdifDeleteRecord extends LdifChangeRecordBase {
  readonly kind: 'delete';
}

/** One `add:` / `delete:` / `replace:` / `increment:` block of a modify record (`increment` is RFC 4525). */
export interface LdifModification {
  readonly operation: 'add' | 'delete' | 'replace' | 'increment';
  readonly type: string;
  readonly values: LdifValue[];
}

/** `changetype: modify`. */
export interface LdifModifyRecord extends LdifChangeRecordBase {
  readonly kind: 'modify';
  readonly changes: LdifModification[];
}

/** `changetype: modrdn` or its synonym `moddn`. */
export interface LdifModRdnRecord extends LdifChangeRecordBase {
  readonly kind: 'modrdn';
  readonly newRdn: string;
  readonly deleteOldRdn: boolean;
  readonly newSuperior?: string;
}

export type LdifRecord =
  | LdifContentRecord
  | LdifAddRecord
  | LdifDeleteRecord
  | LdifModifyRecord
  | LdifModRdnRecord;

/** A problem in an LDIF file, located by file name and 1-based physical line. */
export class LdifError extends Error {
  override readonly name = 'LdifError';
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

/**
 * Everything read from one file: the records that had no problem, every problem found (a record
 * with a problem is left out), and the `version:` number when the file declared one.
 */
export interface LdifReadResult {
  readonly records: LdifRecord[];
  readonly errors: LdifError[];
  readonly version?: number;
}

/** The octets of a value: UTF-8 for a string, the buffer itself otherwise. */
export function ldifValueToBuffer(value: LdifValue): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

// RFC 2849 AttributeDescription: a name (ALPHA then ALPHA/DIGIT/'-') or a numeric OID, then
// `;option`s. The alternatives start with disjoint characters, so the match is linear.
const ATTRIBUTE_DESCRIPTION = /^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)*)(?:;[A-Za-z0-9-]+)*$/;
const NUMERIC_OID = /^[0-9]+(?:\.[0-9]+)*$/;

/** Whether `type` is an RFC 2849 AttributeDescription (`cn`, `cn;lang-en`, `2.5.4.3`). */
export function isLdifAttributeDescription(type: string): boolean {
  return ATTRIBUTE_DESCRIPTION.test(type);
}

/** Whether `oid` is a numeric OID, as a `control:` line needs. */
export function isLdifNumericOid(oid: string): boolean {
  return NUMERIC_OID.test(oid);
}

/**
 * Words that start an LDIF line with a meaning of their own, so they cannot name an attribute
 * of a content or add record (`control:` / `changetype:` right after `dn:` would change the
 * record's kind, and `dn:` starts a record).
 */
export function isLdifReservedType(type: string): boolean {
  const lower = type.toLowerCase();
  return lower === 'dn' || lower === 'changetype' || lower === 'control';
}
