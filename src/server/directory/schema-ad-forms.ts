/**
 * AD schema objects loaded from a file, rendered as the built-in ones are (core/ad-schema-object.ts):
 * what the directory checks with and what Samba publishes. A loaded class may name a built-in
 * one (its superclass, an auxiliary class, the class a modify record extends): the built-in
 * class is read back from what the profile publishes — Samba's form of it (its own MUST and MAY)
 * and its content rule (its auxiliary classes) — or, for a profile that publishes no AD forms,
 * from its definition.
 */

import { adDisplayNameOf } from '../../core/ad-schema-ldif.js';
import {
  type AdAttributeSchema,
  type AdClassSchema,
  checkedAttributeType,
  checkedObjectClass,
  dITContentRule,
  extendedAttributeInfo,
  extendedClassInfo,
  publishedAttributeType,
  publishedObjectClass,
} from '../../core/ad-schema-object.js';
import type { ObjectClassDescription } from '../../core/object-class-description.js';
import type { SchemaOptions } from './schema.js';
import { objectClassDescription } from './schema-descriptions.js';

const leadingOid = (text: string) => /^\(\s*(\S+)/.exec(text)?.[1] ?? text;
const byOid = (values: readonly string[] | undefined) =>
  new Map((values ?? []).map((v) => [leadingOid(v), v]));

export class AdSchemaForms {
  /** Loaded and already read-back classes, by lower-cased lDAPDisplayName. */
  private readonly models = new Map<string, AdClassSchema>();
  private readonly publishedClasses: ReadonlyMap<string, string>;
  private readonly contentRules: ReadonlyMap<string, string>;
  private readonly classInfo: ReadonlyMap<string, string>;

  constructor(
    base: SchemaOptions,
    /** Every class the schema has so far, built in or loaded. */
    private readonly classes: () => readonly ObjectClassDescription[],
  ) {
    this.publishedClasses = byOid(base.published?.['objectClasses']);
    this.contentRules = byOid(base.published?.['dITContentRules']);
    this.classInfo = byOid(base.published?.['extendedClassInfo']);
  }

  define(model: AdClassSchema): void {
    this.models.set(model.lDAPDisplayName.toLowerCase(), model);
  }

  /** The class as an AD schema object: loaded, or read back from the profile's forms of it. */
  model(name: string): AdClassSchema | undefined {
    const known = this.models.get(name.toLowerCase());
    if (known) return known;
    const description = this.classes().find((d) =>
      d.names.some((n) => n.toLowerCase() === name.toLowerCase()),
    );
    if (!description) return undefined;
    const model = this.readBack(description);
    this.define(model);
    return model;
  }

  /** The class a record's DN names by its CN (`CN=User` → user, `CN=Group-Of-Names` → groupOfNames). */
  classByCn(cn: string): AdClassSchema | undefined {
    const wanted = new Set([cn.toLowerCase(), adDisplayNameOf(cn).toLowerCase()]);
    const found = this.classes().find((d) => d.names.some((n) => wanted.has(n.toLowerCase())));
    return found && this.model(found.names[0]!);
  }

  /** The class with more mayContain and auxiliaryClass values (a modify record's additions). */
  withValues(model: AdClassSchema, may: readonly string[], auxiliaries: readonly string[]): AdClassSchema {
    const fresh = (list: readonly string[], more: readonly string[]) => [
      ...list,
      ...more.filter((name) => !list.some((known) => known.toLowerCase() === name.toLowerCase())),
    ];
    return { ...model, may: fresh(model.may, may), auxiliaries: fresh(model.auxiliaries, auxiliaries) };
  }

  checkedAttributeType(object: AdAttributeSchema): string {
    return checkedAttributeType(object);
  }

  checkedObjectClass(object: AdClassSchema): string {
    return checkedObjectClass(object, (name) => this.model(name));
  }

  /** Samba's published values for an attribute, by the subschema attribute that lists each. */
  publishedAttribute(object: AdAttributeSchema): {
    readonly attributeTypes: string;
    readonly [kind: string]: string;
  } {
    return {
      attributeTypes: publishedAttributeType(object),
      extendedAttributeInfo: extendedAttributeInfo(object),
    };
  }

  publishedClass(object: AdClassSchema): Record<string, string> {
    const rule = dITContentRule(object, (name) => this.model(name));
    return {
      objectClasses: publishedObjectClass(object),
      ...(rule !== undefined && { dITContentRules: rule }),
      extendedClassInfo: extendedClassInfo(object),
    };
  }

  private readBack(description: ObjectClassDescription): AdClassSchema {
    const published = this.publishedClasses.get(description.oid);
    const own = published === undefined ? description : objectClassDescription(published);
    const aux = /\sAUX\s+\(([^)]*)\)/.exec(this.contentRules.get(description.oid) ?? '')?.[1];
    const guid = /CLASS-GUID\s+'([0-9A-F]{32})'/.exec(this.classInfo.get(description.oid) ?? '')?.[1];
    const name = description.names[0] ?? description.oid;
    return {
      governsID: description.oid,
      lDAPDisplayName: name,
      ...(own.sup[0] !== undefined && { subClassOf: own.sup[0] }),
      kind: own.kind,
      must: own.must,
      may: own.may,
      auxiliaries: (aux ?? '')
        .split('$')
        .map((n) => n.trim())
        .filter((n) => n !== ''),
      ...(guid !== undefined && { schemaIDGUID: guid }),
      defaultObjectCategory: name,
    };
  }
}
