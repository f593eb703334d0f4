/**
 * Active Directory schema extensions in LDIF, as ldifde and ldbadd take them: attributeSchema and
 * classSchema objects (`changetype: add`, ldifde's `ntdsSchemaAdd`, or content records), and
 * modify records that add mayContain or auxiliaryClass values to an existing class (the usual way
 * an application extends `user`). They become AD schema objects (ad-schema-object.ts), each with
 * the line of its record. Records that change nothing a directory checks with (schemaUpdateNow on
 * the root DSE, searchFlags, display attributes…) are skipped.
 */
import type { AdAttributeSchema, AdClassSchema } from './ad-schema-object.js';
import { adClassKind } from './ad-schema-object.js';
import { adAttributeSyntax, adSyntaxPairs } from './ad-syntaxes.js';
import { parseDN } from './dn-parse.js';
import { type LdifAttribute, type LdifRecord, ldifValueToBuffer } from './ldif.js';
import { SchemaFileError } from './openldap-schema-file.js';

export type Located<T> = T & { readonly line: number };

/** Values added to an existing class by a modify record. */
export interface AdClassChange {
  /** The class as the record's DN names it: the CN of `CN=User,CN=Schema,…`. */
  readonly cn: string;
  readonly mayContain: readonly string[];
  readonly auxiliaryClass: readonly string[];
}

export interface AdSchemaObjects {
  readonly attributes: readonly Located<AdAttributeSchema>[];
  readonly classes: readonly Located<AdClassSchema>[];
  readonly classChanges: readonly Located<AdClassChange>[];
}

const NUMERIC_OID = /^(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+$/;

const hasClass = (record: LdifRecord, name: string): boolean =>
  (record.kind === 'content' || record.kind === 'add') &&
  record.attributes.some(
    (a) =>
      a.type.toLowerCase() === 'objectclass' &&
      a.values.some((v) => ldifValueToBuffer(v).toString('utf8').toLowerCase() === name.toLowerCase()),
  );

/** True for an attributeSchema or classSchema object. */
export function isAdSchemaRecord(record: LdifRecord): boolean {
  return hasClass(record, 'attributeSchema') || hasClass(record, 'classSchema');
}

/**
 * AD's lDAPDisplayName for a CN when none is given: hyphens dropped, the letter after each one
 * upper-cased, the first letter lower-cased (`App-Role` → `appRole`, MS-ADTS 3.1.1.2.3.4).
 */
export function adDisplayNameOf(cn: string): string {
  const joined = cn.replace(/-+(.)?/g, (_m, next: string | undefined) => (next ?? '').toUpperCase());
  return joined.charAt(0).toLowerCase() + joined.slice(1);
}

/** The schema objects among `records`, in file order; SchemaFileError at the line of a bad one. */
export function adSchemaFromLdif(records: readonly LdifRecord[], file = 'schema.ldif'): AdSchemaObjects {
  const attributes: Located<AdAttributeSchema>[] = [];
  const classes: Located<AdClassSchema>[] = [];
  const classChanges: Located<AdClassChange>[] = [];
  for (const record of records) {
    const fields = new RecordFields(record, file);
    if (hasClass(record, 'attributeSchema'))
      attributes.push({ ...attributeSchema(fields), line: record.line });
    else if (hasClass(record, 'classSchema')) classes.push({ ...classSchema(fields), line: record.line });
    else if (record.kind === 'modify') {
      const change = classChange(record.dn, record.changes, fields);
      if (change) classChanges.push({ ...change, line: record.line });
    }
  }
  return { attributes, classes, classChanges };
}

/** One record's values by attribute, with errors at its line. */
class RecordFields {
  private readonly byType: ReadonlyMap<string, readonly string[]>;
  private readonly raw: ReadonlyMap<string, readonly Buffer[]>;

  constructor(
    private readonly record: LdifRecord,
    private readonly file: string,
  ) {
    const attributes: readonly LdifAttribute[] =
      record.kind === 'content' || record.kind === 'add' ? record.attributes : [];
    this.raw = new Map(attributes.map((a) => [a.type.toLowerCase(), a.values.map(ldifValueToBuffer)]));
    this.byType = new Map(
      [...this.raw].map(([type, values]) => [type, values.map((v) => v.toString('utf8'))]),
    );
  }

  get dn(): string {
    return this.record.dn;
  }

  fail(reason: string): never {
    throw new SchemaFileError(this.file, this.record.line, `${this.record.dn}: ${reason}`);
  }

  all(name: string): string[] {
    return [...(this.byType.get(name.toLowerCase()) ?? [])];
  }

  optional(name: string): string | undefined {
    const values = this.all(name);
    if (values.length > 1) this.fail(`${name} has ${values.length} values; it takes one`);
    return values[0];
  }

  required(name: string, of: string): string {
    return this.optional(name) ?? this.fail(`${of} requires ${name}`);
  }

  oid(name: string, of: string): string {
    const value = this.required(name, of);
    if (!NUMERIC_OID.test(value)) this.fail(`${name} '${value}' is not a numeric OID`);
    return value;
  }

  boolean(name: string, of: string, fallback?: boolean): boolean {
    const value = fallback === undefined ? this.required(name, of) : this.optional(name);
    if (value === undefined) return fallback ?? false;
    if (value !== 'TRUE' && value !== 'FALSE') this.fail(`${name} must be TRUE or FALSE, not '${value}'`);
    return value === 'TRUE';
  }

  integer(name: string): number {
    const value = this.optional(name) ?? '0';
    if (!/^-?[0-9]+$/.test(value)) this.fail(`${name} '${value}' is not an integer`);
    return Number(value);
  }

  /** The 16 bytes of a GUID as hex (upper case, storage order), undefined when absent. */
  guid(name: string): string | undefined {
    const values = this.raw.get(name.toLowerCase());
    if (values === undefined) return undefined;
    const value = values[0]!;
    if (values.length > 1 || value.length !== 16)
      this.fail(`${name} must be one 16-byte value (base64 in LDIF)`);
    return value.toString('hex').toUpperCase();
  }

  /** lDAPDisplayName, or AD's from the CN (the cn attribute, else the DN's first RDN). */
  displayName(): string {
    const given = this.optional('lDAPDisplayName');
    if (given !== undefined) return given;
    const cn = this.optional('cn') ?? firstCn(this.record.dn);
    if (cn === undefined) this.fail('needs lDAPDisplayName or cn');
    return adDisplayNameOf(cn);
  }
}

/** systemFlags bit FLAG_ATTR_IS_CONSTRUCTED (MS-ADTS 2.2.10). */
const CONSTRUCTED = 0x4;
/** searchFlags bit fATTINDEX. */
const INDEXED = 0x1;

function attributeSchema(fields: RecordFields): AdAttributeSchema {
  const what = 'attributeSchema';
  const lDAPDisplayName = fields.displayName();
  const attributeSyntax = fields.oid('attributeSyntax', what);
  const oMSyntax = fields.required('oMSyntax', what);
  const syntax = adAttributeSyntax(lDAPDisplayName, attributeSyntax, oMSyntax);
  if (!syntax) {
    fields.fail(
      `attributeSyntax/oMSyntax ${attributeSyntax}/${oMSyntax} is not a syntax AD defines (one of ${adSyntaxPairs().join(', ')})`,
    );
  }
  const rangeLower = fields.optional('rangeLower');
  const rangeUpper = fields.optional('rangeUpper');
  const schemaIDGUID = fields.guid('schemaIDGUID');
  const attributeSecurityGUID = fields.guid('attributeSecurityGUID');
  return {
    attributeID: fields.oid('attributeID', what),
    lDAPDisplayName,
    syntax,
    isSingleValued: fields.boolean('isSingleValued', what),
    systemOnly: fields.boolean('systemOnly', what, false),
    constructed: (fields.integer('systemFlags') & CONSTRUCTED) !== 0,
    indexed: (fields.integer('searchFlags') & INDEXED) !== 0,
    ...(rangeLower !== undefined && { rangeLower }),
    ...(rangeUpper !== undefined && { rangeUpper }),
    ...(schemaIDGUID !== undefined && { schemaIDGUID }),
    ...(attributeSecurityGUID !== undefined && { attributeSecurityGUID }),
  };
}

function classSchema(fields: RecordFields): AdClassSchema {
  const what = 'classSchema';
  const lDAPDisplayName = fields.displayName();
  const category = fields.required('objectClassCategory', what);
  const kind =
    adClassKind(category) ??
    fields.fail(
      `objectClassCategory must be 0, 1 (structural), 2 (abstract) or 3 (auxiliary), not '${category}'`,
    );
  const subClassOf = fields.required('subClassOf', what);
  const defaultObjectCategory = fields.optional('defaultObjectCategory');
  const schemaIDGUID = fields.guid('schemaIDGUID');
  return {
    governsID: fields.oid('governsID', what),
    lDAPDisplayName,
    ...(subClassOf.toLowerCase() !== lDAPDisplayName.toLowerCase() && { subClassOf }),
    kind,
    must: [...fields.all('mustContain'), ...fields.all('systemMustContain')],
    may: [...fields.all('mayContain'), ...fields.all('systemMayContain')],
    auxiliaries: [...fields.all('systemAuxiliaryClass'), ...fields.all('auxiliaryClass')],
    ...(schemaIDGUID !== undefined && { schemaIDGUID }),
    // AD makes a class its own default category unless told otherwise.
    defaultObjectCategory:
      (defaultObjectCategory === undefined ? undefined : firstCn(defaultObjectCategory)) ??
      fields.optional('cn') ??
      firstCn(fields.dn) ??
      lDAPDisplayName,
  };
}

/** A modify of a class under CN=Schema that adds mayContain or auxiliaryClass values; else undefined. */
function classChange(
  dn: string,
  changes: readonly { operation: string; type: string; values: readonly (string | Buffer)[] }[],
  fields: RecordFields,
): AdClassChange | undefined {
  const cn = firstCn(dn);
  if (cn === undefined || !/,\s*CN=Schema,\s*CN=Configuration,/i.test(dn)) return undefined;
  const added = (type: string) =>
    changes
      .filter((c) => c.type.toLowerCase() === type.toLowerCase())
      .flatMap((c) => {
        if (c.operation !== 'add') fields.fail(`only values can be added to ${type} (not ${c.operation})`);
        return c.values.map((v) => ldifValueToBuffer(v).toString('utf8'));
      });
  const mayContain = added('mayContain');
  const auxiliaryClass = added('auxiliaryClass');
  if (changes.some((c) => /^(systemM(ust|ay)Contain|mustContain)$/i.test(c.type))) {
    fields.fail('the MUST attributes and system lists of an existing class cannot change (AD)');
  }
  return mayContain.length + auxiliaryClass.length === 0 ? undefined : { cn, mayContain, auxiliaryClass };
}

/** The value of a DN's first RDN when it is a CN; undefined otherwise. */
function firstCn(dn: string): string | undefined {
  try {
    const first = parseDN(dn)[0]?.[0];
    return first && first.type.toLowerCase() === 'cn' ? first.value : undefined;
  } catch {
    return undefined;
  }
}
