/**
 * Schema data of the `openldap` profile, read from fixtures/schema/openldap.schema: what slapd 2.5
 * publishes in `cn=Subschema` (core, cosine, nis, inetorgperson, its built-in and cn=config types
 * and the memberof, refint and ppolicy overlays), in slapd's publishing order; that file says where
 * it came from.
 */

import { packageFile } from '../package-files.js';
import type { SchemaOptions } from './schema.js';
import { readSchemaFile } from './schema-file.js';
import { slapdExtensionRules } from './schema-openldap-rules.js';

// Read once, when this module is first imported: only the profile definitions import it, and
// profiles/registry.ts loads those on first use.
const definitions = readSchemaFile(packageFile('fixtures/schema/openldap.schema'), [
  'attributeTypes',
  'objectClasses',
  'hiddenAttributeTypes',
  'matchingRules',
  'ldapSyntaxes',
  'matchingRuleUse',
]);

/**
 * core + cosine + nis + inetorgperson + slapd's built-in types (cn=config's included) + the
 * memberof, refint and ppolicy overlays.
 */
export const openldapSchema: SchemaOptions = {
  attributeTypes: definitions.attributeTypes,
  objectClasses: definitions.objectClasses,
  hiddenAttributeTypes: definitions.hiddenAttributeTypes,
  published: { matchingRuleUse: definitions.matchingRuleUse },
  extension: slapdExtensionRules(definitions.ldapSyntaxes, [
    ...definitions.matchingRules,
    ...definitions.matchingRuleUse,
  ]),
};

/** The `matchingRules` values of slapd's subschema entry (RFC 4512 MatchingRuleDescription), in its order. */
export const openldapMatchingRules: readonly string[] = definitions.matchingRules;

/** The `ldapSyntaxes` values of slapd's subschema entry (RFC 4512 SyntaxDescription), in its order. */
export const openldapSyntaxes: readonly string[] = definitions.ldapSyntaxes;

/** The `matchingRuleUse` values of slapd's subschema entry, in its order. */
export const openldapMatchingRuleUse: readonly string[] = definitions.matchingRuleUse;
