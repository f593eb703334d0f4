/**
 * Schema definitions carried in LDIF: OpenLDAP's `cn=schema,cn=config` entries
 * (`olcObjectIdentifier`, `olcAttributeTypes`, `olcObjectClasses`, `olcLdapSyntaxes`, values
 * with or without their `{N}` order prefix, as `/etc/ldap/schema/*.ldif` and container bootstrap
 * folders write them) and subschema dumps (`attributeTypes`, `objectClasses`, `ldapSyntaxes`, as
 * `ldapsearch -b cn=Subschema` prints them). Content and add records both count.
 */
import { parseAttributeTypeDescription } from './attribute-type-description.js';
import { type LdifRecord, ldifValueToBuffer } from './ldif.js';
import { parseObjectClassDescription } from './object-class-description.js';
import {
  checkedDescription,
  type LocatedDescription,
  OidMacros,
  type SchemaDefinitions,
} from './openldap-schema-file.js';

type Kind = keyof SchemaDefinitions | 'objectIdentifiers';

const KIND_BY_ATTRIBUTE: ReadonlyMap<string, Kind> = new Map([
  ['olcobjectidentifier', 'objectIdentifiers'],
  ['olcattributetypes', 'attributeTypes'],
  ['olcobjectclasses', 'objectClasses'],
  ['olcldapsyntaxes', 'ldapSyntaxes'],
  ['attributetypes', 'attributeTypes'],
  ['objectclasses', 'objectClasses'],
  ['ldapsyntaxes', 'ldapSyntaxes'],
]);

/** True when a record carries schema definitions (so a fixture loader can set it apart from data). */
export function isSchemaRecord(record: LdifRecord): boolean {
  return (
    (record.kind === 'content' || record.kind === 'add') &&
    record.attributes.some((a) => KIND_BY_ATTRIBUTE.get(a.type.toLowerCase()) !== undefined)
  );
}

/** The definitions of the schema records among `records`, in file order, OID macros expanded. */
export function schemaFromLdif(records: readonly LdifRecord[], file = 'schema.ldif'): SchemaDefinitions {
  const macros = new OidMacros(file);
  const out = {
    attributeTypes: [] as LocatedDescription[],
    objectClasses: [] as LocatedDescription[],
    ldapSyntaxes: [] as LocatedDescription[],
  };
  for (const record of records) {
    if (!isSchemaRecord(record) || (record.kind !== 'content' && record.kind !== 'add')) continue;
    // Macros first: a record may define them after the definitions that use them.
    const byKind = (kind: Kind) =>
      record.attributes
        .filter((a) => KIND_BY_ATTRIBUTE.get(a.type.toLowerCase()) === kind)
        .flatMap((a) => a.values.map((v) => withoutOrder(ldifValueToBuffer(v).toString('utf8'))));
    for (const value of byKind('objectIdentifiers')) macros.define(value, record.line);
    for (const value of byKind('attributeTypes')) {
      out.attributeTypes.push(
        checkedDescription(
          file,
          record.line,
          macros.expand(value, record.line),
          parseAttributeTypeDescription,
        ),
      );
    }
    for (const value of byKind('objectClasses')) {
      out.objectClasses.push(
        checkedDescription(file, record.line, macros.expand(value, record.line), parseObjectClassDescription),
      );
    }
    for (const value of byKind('ldapSyntaxes'))
      out.ldapSyntaxes.push({ text: macros.expand(value, record.line), line: record.line });
  }
  return out;
}

/** `{3}( 1.2.3 …` → `( 1.2.3 …`: cn=config's value order prefix. */
function withoutOrder(value: string): string {
  return value.replace(/^\{\d+\}/, '').trim();
}
