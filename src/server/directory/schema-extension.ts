/**
 * A profile's schema extended with an application's schema files (`schema: [files]`,
 * `--schema FILE`), checked as the emulated server checks a schema file (slapd's words, measured
 * with slaptest): a definition whose OID or a name the schema already gives to another is
 * refused, as is one naming an undefined supertype, superclass, attribute type, syntax or
 * matching rule, and — as slapd does — one the schema already has (same OID and names) in a
 * .schema or cn=config file. In a subschema dump or AD schema objects such a definition is
 * skipped instead, so a whole server's schema (a dump, the DC's own .ldf files) loads over the
 * built-in one. What is added is checked with, matched with, and published in the subschema
 * entry in the server's own words — for AD schema objects Samba's forms, content rules and
 * extended info included.
 */

import type { Located } from '../../core/ad-schema-ldif.js';
import type { AdAttributeSchema, AdClassSchema } from '../../core/ad-schema-object.js';
import type { AttributeTypeDescription } from '../../core/attribute-type-description.js';
import type { ObjectClassDescription } from '../../core/object-class-description.js';
import { SchemaFileError } from '../../core/openldap-schema-file.js';
import type { SchemaSource } from '../../core/schema-source.js';
import { Schema, type SchemaOptions } from './schema.js';
import { AdSchemaForms } from './schema-ad-forms.js';
import { attributeTypeDescription, objectClassDescription } from './schema-descriptions.js';
import type { SchemaExtensionRules } from './schema-extension-rules.js';
import { extendRuleUses, type UsingType } from './schema-rule-uses.js';

/** One schema file, read (core/schema-source.ts). */
export interface LoadedSchemaFile {
  readonly file: string;
  readonly source: SchemaSource;
}

/** A definition of the schema being extended: built in, or from a file. */
interface Known<D> {
  readonly description: D;
  /** Where it came from: undefined for the profile's own. */
  readonly origin?: string;
}

/** What a file adds, in the order the subschema entry publishes it. */
interface Additions {
  readonly attributeTypes: string[];
  readonly objectClasses: string[];
  readonly published: Map<string, string[]>;
  readonly usingTypes: UsingType[];
}

const lower = (text: string) => text.toLowerCase();
const leadingOid = (text: string) => /^\(\s*(\S+)/.exec(text)?.[1] ?? text;

/** The profile's schema with the files' definitions added; SchemaFileError at the first problem. */
export function extendSchema(base: SchemaOptions, files: readonly LoadedSchemaFile[]): SchemaOptions {
  const rules = base.extension;
  if (!rules) throw new TypeError('this profile takes no schema files');
  const extension = new SchemaExtension(base, rules);
  for (const { file, source } of files) extension.add(file, source);
  return extension.result();
}

class SchemaExtension {
  private readonly attributes = new Map<string, Known<AttributeTypeDescription>>();
  private readonly classes = new Map<string, Known<ObjectClassDescription>>();
  /** Syntax OIDs loaded files define (ldapsyntax), with the syntax each stands for (X-SUBST). */
  private readonly loadedSyntaxes = new Map<string, string | undefined>();
  private readonly added: Additions = {
    attributeTypes: [],
    objectClasses: [],
    published: new Map(),
    usingTypes: [],
  };
  private readonly ad: AdSchemaForms;
  /** Whether the file being added may repeat definitions the schema has (skipped), or not (slapd). */
  private skipDuplicates = false;

  constructor(
    private readonly base: SchemaOptions,
    private readonly rules: SchemaExtensionRules,
  ) {
    for (const text of [...base.attributeTypes, ...(base.hiddenAttributeTypes ?? [])])
      this.remember(this.attributes, { description: attributeTypeDescription(text) });
    for (const text of base.objectClasses)
      this.remember(this.classes, { description: objectClassDescription(text) });
    this.ad = new AdSchemaForms(base, () => [
      ...new Set([...this.classes.values()].map((k) => k.description)),
    ]);
  }

  add(file: string, source: SchemaSource): void {
    this.skipDuplicates = source.form === 'ad-ldif' || (source.form === 'ldif' && source.subschemaDump);
    if (source.form === 'ad-ldif') {
      const { attributes, classes, classChanges } = source.objects;
      for (const object of attributes) this.addAdAttribute(file, object);
      for (const object of classes) this.addAdClass(file, object);
      for (const change of classChanges) {
        const fail = (reason: string) => new SchemaFileError(file, change.line, `classSchema: ${reason}`);
        const target = this.ad.classByCn(change.cn);
        if (!target) throw fail(`ObjectClass not found: "${change.cn}"`);
        const changed = this.ad.withValues(target, change.mayContain, change.auxiliaryClass);
        this.checkAdClass(changed, fail);
        this.replaceClass(changed, `${file}:${change.line}`);
      }
      return;
    }
    const { attributeTypes, objectClasses, ldapSyntaxes } = source.definitions;
    for (const { text } of ldapSyntaxes) {
      const oid = leadingOid(text);
      this.loadedSyntaxes.set(oid, /X-SUBST\s+'([^']+)'/i.exec(text)?.[1]);
    }
    for (const { text, line } of attributeTypes) {
      const fail = (reason: string) => new SchemaFileError(file, line, `attributetype: ${reason}`);
      const description = attributeTypeDescription(text);
      if (!this.checkAttributeType(description, fail)) continue;
      // A syntax the file defines is checked as the one it stands for (slapd's X-SUBST).
      const substitute = description.syntax && this.loadedSyntaxes.get(description.syntax);
      this.addAttribute(
        description,
        substitute ? text.replace(/(\sSYNTAX\s+)[0-9.]+/i, `$1${substitute}`) : text,
        this.rules.wordAttributeType(description, this.syntaxOf(description)),
        `${file}:${line}`,
      );
    }
    for (const { text, line } of objectClasses) {
      const fail = (reason: string) => new SchemaFileError(file, line, `objectclass: ${reason}`);
      const description = objectClassDescription(text);
      if (!this.checkObjectClass(description, fail)) continue;
      this.addClass(text, { objectClasses: this.rules.wordObjectClass(description) }, `${file}:${line}`);
    }
  }

  result(): SchemaOptions {
    const published = new Map(this.added.published);
    const uses = this.base.published?.['matchingRuleUse'];
    if (uses) {
      published.set(
        'matchingRuleUse',
        extendRuleUses(uses, (name) => this.syntaxByName(name), this.added.usingTypes),
      );
    }
    if (this.added.attributeTypes.length + this.added.objectClasses.length === 0) return this.base;
    const merged = Schema.merge(this.base, {
      attributeTypes: this.added.attributeTypes,
      objectClasses: this.added.objectClasses,
      published: Object.fromEntries(published),
    });
    return { ...merged, extension: this.rules };
  }

  // --- attribute types ---------------------------------------------------------------------

  /** False for a definition to skip (isDuplicate); throws on a clash or a bad reference. */
  private checkAttributeType(
    d: AttributeTypeDescription,
    fail: (reason: string) => Error,
    operational = this.rules.operationalTypes,
  ): boolean {
    if (this.isDuplicate(this.attributes, d, 'attributeType', fail)) return false;
    const sup = d.sup === undefined ? undefined : this.attributes.get(lower(d.sup))?.description;
    if (d.sup !== undefined && !sup) throw fail(`AttributeType not found: "${d.sup}"`);
    if (d.syntax !== undefined && !this.rules.knowsSyntax(d.syntax) && !this.loadedSyntaxes.has(d.syntax))
      throw fail(`Syntax not found: "${d.syntax}"`);
    if (sup && sup.usage !== d.usage)
      throw fail(`AttributeType inappropriate USAGE: "${d.names[0] ?? d.oid}"`);
    if (d.usage !== 'userApplications' && !operational) throw fail(`"${d.oid}" is operational`);
    const type = { syntax: this.syntaxOf(d), equality: d.equality ?? (sup && this.equalityOf(sup)) };
    for (const [keyword, rule] of [
      ['EQUALITY', d.equality],
      ['ORDERING', d.ordering],
      ['SUBSTR', d.substr],
    ] as const) {
      const refusal = rule === undefined ? undefined : this.rules.refuseMatchingRule(keyword, rule, type);
      if (refusal) throw fail(refusal);
    }
    return true;
  }

  private addAttribute(d: AttributeTypeDescription, checked: string, worded: string, origin: string): void {
    this.remember(this.attributes, { description: attributeTypeDescription(checked), origin });
    this.added.attributeTypes.push(checked);
    this.publish('attributeTypes', worded);
    const equality = this.equalityOf(d);
    this.added.usingTypes.push({ name: d.names[0] ?? d.oid, syntax: this.syntaxOf(d), equality });
  }

  private addAdAttribute(file: string, object: Located<AdAttributeSchema>): void {
    const fail = (reason: string) => new SchemaFileError(file, object.line, `attributeSchema: ${reason}`);
    const checked = this.ad.checkedAttributeType(object);
    const description = attributeTypeDescription(checked);
    // AD schema objects may be constructed (operational): the DC computes those.
    if (!this.checkAttributeType(description, fail, true)) return;
    const published = this.rules.adForms
      ? this.ad.publishedAttribute(object)
      : { attributeTypes: this.rules.wordAttributeType(description, description.syntax) };
    this.addAttribute(description, checked, published.attributeTypes, `${file}:${object.line}`);
    for (const [kind, value] of Object.entries(published))
      if (kind !== 'attributeTypes') this.publish(kind, value);
  }

  // --- object classes ----------------------------------------------------------------------

  private checkObjectClass(d: ObjectClassDescription, fail: (reason: string) => Error): boolean {
    if (this.isDuplicate(this.classes, d, 'objectClass', fail)) return false;
    for (const name of d.sup) {
      const sup = this.classes.get(lower(name))?.description;
      if (!sup) throw fail(`ObjectClass not found: "${name}"`);
      // RFC 4512 §2.4.1-3: a class derives from abstract classes and from classes of its own kind.
      if (sup.kind !== 'ABSTRACT' && sup.kind !== d.kind)
        throw fail(`user-defined ObjectClass has inappropriate SUPerior: "${name}"`);
    }
    for (const name of [...d.must, ...d.may]) {
      const type = this.attributes.get(lower(name))?.description;
      if (!type) throw fail(`AttributeType not found: "${name}"`);
      if (type.usage !== 'userApplications' && !this.rules.operationalTypes)
        throw fail(`user-defined ObjectClass includes operational attributes: "${d.raw}"`);
    }
    return true;
  }

  private addClass(checked: string, published: Readonly<Record<string, string>>, origin: string): void {
    this.remember(this.classes, { description: objectClassDescription(checked), origin });
    this.added.objectClasses.push(checked);
    for (const [kind, value] of Object.entries(published)) this.publish(kind, value);
  }

  private addAdClass(file: string, object: Located<AdClassSchema>): void {
    const fail = (reason: string) => new SchemaFileError(file, object.line, `classSchema: ${reason}`);
    if (
      this.isDuplicate(
        this.classes,
        { oid: object.governsID, names: [object.lDAPDisplayName] },
        'objectClass',
        fail,
      )
    )
      return;
    this.checkAdClass(object, fail);
    this.replaceClass(object, `${file}:${object.line}`);
  }

  /** The references of an AD class: superclass, auxiliary classes, attributes. */
  private checkAdClass(object: AdClassSchema, fail: (reason: string) => Error): void {
    for (const name of [...(object.subClassOf ? [object.subClassOf] : []), ...object.auxiliaries])
      if (!this.classes.has(lower(name))) throw fail(`ObjectClass not found: "${name}"`);
    for (const name of [...object.must, ...object.may])
      if (!this.attributes.has(lower(name))) throw fail(`AttributeType not found: "${name}"`);
  }

  /** Adds an AD class, or replaces the one with its OID (a class a file extends). */
  private replaceClass(object: AdClassSchema, origin: string): void {
    this.ad.define(object);
    const checked = this.ad.checkedObjectClass(object);
    const description = objectClassDescription(checked);
    const published = this.rules.adForms
      ? this.ad.publishedClass(object)
      : { objectClasses: this.rules.wordObjectClass(description) };
    const at = this.added.objectClasses.findIndex((text) => leadingOid(text) === object.governsID);
    if (at >= 0) this.added.objectClasses.splice(at, 1);
    this.addClass(checked, published, origin);
  }

  // --- shared -----------------------------------------------------------------------------

  /**
   * True when the schema already has this definition (same OID, same names) and the file may
   * repeat it (skipped); slapd's "Duplicate" when it may not. Throws when its OID or a name
   * belongs to another definition.
   */
  private isDuplicate(
    known: Map<string, Known<{ oid: string; names: string[] }>>,
    d: { oid: string; names: string[] },
    kind: 'attributeType' | 'objectClass',
    fail: (reason: string) => Error,
  ): boolean {
    const same = known.get(lower(d.oid));
    const sameNames = (other: { names: string[] }) =>
      other.names.length === d.names.length &&
      other.names.every((name, i) => lower(name) === lower(d.names[i]!));
    const where = (other: Known<unknown>) => (other.origin ? ` at ${other.origin}` : ' built in');
    if (same) {
      if (sameNames(same.description)) {
        if (this.skipDuplicates) return true;
        throw fail(`Duplicate ${kind}: "${d.oid}"`);
      }
      throw fail(
        `Inconsistent duplicate ${kind}: "${d.oid}" (defined${where(same)} as ${describe(same.description)}, here as ${describe(d)})`,
      );
    }
    for (const name of d.names) {
      const other = known.get(lower(name));
      if (other)
        throw fail(
          `Inconsistent duplicate ${kind}: "${name}" (defined${where(other)} with OID ${other.description.oid}, here with ${d.oid})`,
        );
    }
    return false;
  }

  private remember<D extends { oid: string; names: string[] }>(
    known: Map<string, Known<D>>,
    entry: Known<D>,
  ): void {
    for (const key of [entry.description.oid, ...entry.description.names]) known.set(lower(key), entry);
  }

  private publish(kind: string, value: string): void {
    const list = this.added.published.get(kind) ?? [];
    const at = list.findIndex((text) => leadingOid(text) === leadingOid(value));
    if (at >= 0) list[at] = value;
    else list.push(value);
    this.added.published.set(kind, list);
  }

  /** The syntax of a type, its supertypes followed. */
  private syntaxOf(d: AttributeTypeDescription): string | undefined {
    for (let at: AttributeTypeDescription | undefined = d, depth = 0; at && depth < 32; depth++) {
      if (at.syntax !== undefined) return at.syntax;
      at = at.sup === undefined ? undefined : this.attributes.get(lower(at.sup))?.description;
    }
    return undefined;
  }

  private equalityOf(d: AttributeTypeDescription): string | undefined {
    for (let at: AttributeTypeDescription | undefined = d, depth = 0; at && depth < 32; depth++) {
      if (at.equality !== undefined) return at.equality;
      at = at.sup === undefined ? undefined : this.attributes.get(lower(at.sup))?.description;
    }
    return undefined;
  }

  private syntaxByName(name: string): string | undefined {
    const known = this.attributes.get(lower(name));
    return known && this.syntaxOf(known.description);
  }
}

/** `'cn', 'commonName'` (or the OID when it has no name). */
function describe(d: { oid: string; names: string[] }): string {
  return d.names.length === 0 ? d.oid : d.names.map((name) => `'${name}'`).join(', ');
}
