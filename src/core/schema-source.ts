/**
 * An application's schema file in any of the forms servers take, told apart by its content:
 * - OpenLDAP's slapd.conf form (`attributetype ( … )`, `objectclass`, `objectidentifier`), the
 *   `.schema` files of /etc/ldap/schema (openldap-schema-file.ts);
 * - LDIF holding RFC 4512 descriptions: cn=config's olcSchemaConfig entries (the `.ldif` twins),
 *   or a subschema dump from `ldapsearch -b cn=Subschema` (ldif-schema.ts);
 * - Active Directory attributeSchema/classSchema objects in LDIF, as ldifde or ldbadd take them
 *   (ad-schema-ldif.ts).
 * A file is LDIF when its first line that is not blank or a comment is `dn:` or `version:`.
 */
import { type AdSchemaObjects, adSchemaFromLdif, isAdSchemaRecord } from './ad-schema-ldif.js';
import { readLdif } from './ldif-reader.js';
import { isSchemaRecord, schemaFromLdif } from './ldif-schema.js';
import { parseOpenLdapSchemaFile, type SchemaDefinitions, SchemaFileError } from './openldap-schema-file.js';

export type SchemaSource =
  | { readonly form: 'openldap-schema'; readonly definitions: SchemaDefinitions }
  | {
      readonly form: 'ldif';
      readonly definitions: SchemaDefinitions;
      /** Values of a subschema entry (attributeTypes, objectClasses), not cn=config's olc* ones. */
      readonly subschemaDump: boolean;
    }
  | { readonly form: 'ad-ldif'; readonly objects: AdSchemaObjects };

const LDIF_START = /^(dn|version)\s*:/i;

/** Whether the text is LDIF (else the slapd.conf form). */
export function isLdifText(text: string): boolean {
  for (const line of text.split(/\r?\n/, 200)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    return LDIF_START.test(line);
  }
  return false;
}

/**
 * ldifde's change types for schema objects, as the standard ones (same line count, so every
 * line number stays right).
 */
function withStandardChangeTypes(text: string): string {
  return text.replace(
    /^(changetype:[ \t]*)ntdsSchema(Add|Modify|Delete|ModRdn)[ \t]*$/gim,
    (_m, keyword: string, kind: string) => keyword + kind.toLowerCase(),
  );
}

/** Reads a schema file; SchemaFileError (file:line: reason) on anything it cannot take. */
export function readSchemaSource(input: string | Uint8Array, file: string): SchemaSource {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  if (!isLdifText(text)) {
    const definitions = parseOpenLdapSchemaFile(text, file);
    if (definitions.attributeTypes.length + definitions.objectClasses.length === 0) {
      throw new SchemaFileError(
        file,
        1,
        'defines no attribute type or object class (expected attributetype/objectclass statements, or LDIF)',
      );
    }
    return { form: 'openldap-schema', definitions };
  }
  const { records, errors } = readLdif(withStandardChangeTypes(text), { fileName: file });
  const first = errors[0];
  if (first) throw new SchemaFileError(file, first.line, first.reason);
  const ad = records.filter(isAdSchemaRecord);
  const rfc = records.filter(isSchemaRecord);
  if (ad.length > 0 && rfc.length > 0) {
    throw new SchemaFileError(
      file,
      rfc[0]!.line,
      'mixes AD schema objects (attributeSchema/classSchema) with RFC 4512 descriptions; use one file for each',
    );
  }
  if (
    ad.length > 0 ||
    records.some((r) => r.kind === 'modify' && /,\s*CN=Schema,\s*CN=Configuration,/i.test(r.dn))
  ) {
    return { form: 'ad-ldif', objects: adSchemaFromLdif(records, file) };
  }
  if (rfc.length === 0) {
    throw new SchemaFileError(
      file,
      records[0]?.line ?? 1,
      'holds no schema (expected olcAttributeTypes/olcObjectClasses, attributeTypes/objectClasses, or attributeSchema/classSchema objects); data goes in --ldif',
    );
  }
  const subschemaDump = rfc.some(
    (record) =>
      (record.kind === 'content' || record.kind === 'add') &&
      record.attributes.some((a) => /^(attributetypes|objectclasses)$/i.test(a.type)),
  );
  return { form: 'ldif', definitions: schemaFromLdif(records, file), subschemaDump };
}
