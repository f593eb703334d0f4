/**
 * Generates fixtures/schema/ad.schema (read by src/server/directory/schema-ad.ts): the Active
 * Directory schema of the `ad` and `samba` profiles, from the schema Samba 4.17 provisions a DC
 * with — Windows Server 2012 R2's, as Samba ships it in its ad-schema directory (Debian package
 * samba-ad-provision, installed by scripts/install-interop-deps.sh). All of it: 1,473 attribute
 * types and 264 classes.
 *
 * Two renderings of every definition, both by src/core/ad-schema-object.ts (which also renders an
 * application's attributeSchema/classSchema LDIF loaded with `--schema`, so the two cannot drift):
 * - what Samba publishes in CN=Aggregate (`attributeTypes`, `objectClasses`, `dITContentRules`,
 *   `extendedAttributeInfo`, `extendedClassInfo`), in Samba's own form: no matching rules,
 *   SYNTAX quoted, a class's own MUST/MAY only. Measured value for value against a provisioned
 *   Samba 4.17 DC (test/interop/probes-ad/subschema-probes.ts compares them on every run);
 * - what the mock's directory matches and checks with (`checkedAttributeTypes`,
 *   `checkedObjectClasses`): RFC 4512 descriptions with the matching rules AD applies to each
 *   syntax (MS-ADTS 3.1.1.2.2.2), constructed attributes operational, the attributes of a
 *   class's auxiliary classes allowed on it, and the MUST attributes the DC fills itself left
 *   out (a client's add never names them).
 *
 *   npx tsx scripts/gen-ad-schema.ts [/usr/share/samba/setup/ad-schema]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AdAttributeSchema,
  type AdClassSchema,
  adClassKind,
  checkedAttributeType,
  checkedObjectClass,
  dITContentRule,
  extendedAttributeInfo,
  extendedClassInfo,
  publishedAttributeType,
  publishedObjectClass,
} from '../src/core/ad-schema-object.js';
import { type AdSyntax, adAttributeSyntax } from '../src/core/ad-syntaxes.js';

/** Where Debian's samba-ad-provision installs Samba's schema files. */
export const SAMBA_AD_SCHEMA = '/usr/share/samba/setup/ad-schema';
/** Samba 4.17's default base schema (samba.schema.Schema.base_schemas['2012_R2']). */
const attributeFile = 'AD_DS_Attributes__Windows_Server_2012_R2.ldf';
const classFile = 'AD_DS_Classes__Windows_Server_2012_R2.ldf';

/** An LDIF record: attribute name (lower case) → values, in file order; `::` values stay base64. */
type LdifRecord = Map<string, string[]>;

function readLdf(source: string, file: string): LdifRecord[] {
  const records: LdifRecord[] = [];
  // Logical lines: a line starting with one space continues the previous one (RFC 2849).
  const lines: string[] = [];
  for (const line of readFileSync(join(source, file), 'latin1').split(/\r?\n/)) {
    if (line.startsWith(' ') && lines.length > 0 && lines[lines.length - 1] !== '')
      lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  let current: LdifRecord = new Map();
  for (const line of [...lines, '']) {
    if (line.startsWith('#')) continue;
    if (line === '') {
      if (current.has('dn')) records.push(current);
      current = new Map();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`${file}: not an LDIF line: ${line}`);
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(line[colon + 1] === ':' ? colon + 2 : colon + 1).trim();
    current.set(name, [...(current.get(name) ?? []), value]);
  }
  return records;
}

const all = (record: LdifRecord, name: string): string[] => record.get(name.toLowerCase()) ?? [];
const one = (record: LdifRecord, name: string): string | undefined => all(record, name)[0];
const required = (record: LdifRecord, name: string): string => {
  const value = one(record, name);
  if (value === undefined) throw new Error(`${one(record, 'dn')}: no ${name}`);
  return value;
};

/** The syntax of an attributeSchema record (ad-syntaxes.ts, shared with the schema-file converter). */
function syntaxOf(record: LdifRecord): AdSyntax {
  const name = required(record, 'lDAPDisplayName');
  const attributeSyntax = required(record, 'attributeSyntax');
  const oMSyntax = required(record, 'oMSyntax');
  const syntax = adAttributeSyntax(name, attributeSyntax, oMSyntax);
  if (!syntax)
    throw new Error(
      `${name}: attributeSyntax/oMSyntax ${attributeSyntax}/${oMSyntax} not in the syntax table`,
    );
  return syntax;
}

const isTrue = (record: LdifRecord, name: string) => one(record, name) === 'TRUE';
const flags = (record: LdifRecord, name: string) => Number(one(record, name) ?? '0');
/** systemFlags bit FLAG_ATTR_IS_CONSTRUCTED (MS-ADTS 2.2.10). */
const CONSTRUCTED = 0x4;
/** searchFlags bit fATTINDEX. */
const INDEXED = 0x1;

/** The GUID's 16 bytes as Samba prints them: hex, upper case, in storage order. */
function guidHex(base64: string | undefined): string | undefined {
  return base64 === undefined ? undefined : Buffer.from(base64, 'base64').toString('hex').toUpperCase();
}

/** Optional fields only when present (exactOptionalPropertyTypes). */
function present<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<
    Record<keyof T, string>
  >;
}

function attributeSchema(record: LdifRecord): AdAttributeSchema {
  return {
    attributeID: required(record, 'attributeID'),
    lDAPDisplayName: required(record, 'lDAPDisplayName'),
    syntax: syntaxOf(record),
    isSingleValued: isTrue(record, 'isSingleValued'),
    systemOnly: isTrue(record, 'systemOnly'),
    constructed: (flags(record, 'systemFlags') & CONSTRUCTED) !== 0,
    indexed: (flags(record, 'searchFlags') & INDEXED) !== 0,
    ...present({
      rangeLower: one(record, 'rangeLower'),
      rangeUpper: one(record, 'rangeUpper'),
      schemaIDGUID: guidHex(one(record, 'schemaIDGUID')),
      attributeSecurityGUID: guidHex(one(record, 'attributeSecurityGUID')),
    }),
  };
}

/** The CN of a class's defaultObjectCategory (`CN=Person,CN=Schema,…` → Person; user's is Person too). */
function defaultCategory(record: LdifRecord): string {
  const category = required(record, 'defaultObjectCategory');
  const cn = /^CN=([^,]+),/i.exec(category)?.[1];
  if (!cn) throw new Error(`${one(record, 'dn')}: defaultObjectCategory ${category}`);
  return cn;
}

function classSchema(record: LdifRecord): AdClassSchema {
  const name = required(record, 'lDAPDisplayName');
  const sup = required(record, 'subClassOf');
  const kind = adClassKind(required(record, 'objectClassCategory'));
  if (!kind)
    throw new Error(`${one(record, 'dn')}: objectClassCategory ${one(record, 'objectClassCategory')}`);
  return {
    governsID: required(record, 'governsID'),
    lDAPDisplayName: name,
    ...(sup.toLowerCase() !== name.toLowerCase() && { subClassOf: sup }),
    kind,
    must: [...all(record, 'mustContain'), ...all(record, 'systemMustContain')],
    may: [...all(record, 'mayContain'), ...all(record, 'systemMayContain')],
    auxiliaries: [...all(record, 'systemAuxiliaryClass'), ...all(record, 'auxiliaryClass')],
    ...present({ schemaIDGUID: guidHex(one(record, 'schemaIDGUID')) }),
    defaultObjectCategory: defaultCategory(record),
  };
}

const section = (kind: string, lines: readonly string[]) =>
  lines.map((line) => `${kind}: ${line}`).join('\n');

/** The text of fixtures/schema/ad.schema, from Samba's ad-schema directory at `source`. */
export function renderAdSchema(source = SAMBA_AD_SCHEMA): string {
  const attributes = readLdf(source, attributeFile).map(attributeSchema);
  const classes = readLdf(source, classFile).map(classSchema);
  const classByName = new Map(classes.map((cls) => [cls.lDAPDisplayName, cls]));
  const lookup = (name: string) => classByName.get(name);
  const contentRules = classes
    .map((cls) => dITContentRule(cls, lookup))
    .filter((rule): rule is string => rule !== undefined);

  return `# GENERATED by scripts/gen-ad-schema.ts from the AD schema Samba ships: do not edit by hand.
# ${attributes.length} attribute types, ${classes.length} object classes, ${contentRules.length} content rules.
# Source: ${attributeFile} and ${classFile} of Samba's ad-schema directory (Debian package
# samba-ad-provision): Samba 4.17's default base schema. To regenerate:
#   npx tsx scripts/gen-ad-schema.ts [/usr/share/samba/setup/ad-schema]
#
# One description a line, prefixed by its kind. Read by src/server/directory/schema-ad.ts.
# - attributeTypes, objectClasses, dITContentRules, extendedAttributeInfo, extendedClassInfo:
#   exactly the values Samba 4.17 publishes in CN=Aggregate (each only when asked for by name).
#   Samba lists them in descending objectGUID order of the schema objects, and a provision gives
#   those random GUIDs, so its order differs from one DC to the next: here, the files' order.
# - checkedAttributeTypes, checkedObjectClasses: the same definitions as the mock's directory
#   matches and checks with (RFC 4512, matching rules by syntax, auxiliary classes folded in).
# - defaultObjectCategory: \`<lDAPDisplayName> <CN>\`: AD reads \`(objectCategory=user)\` as the
#   class's default category, CN=Person,CN=Schema,…

${section('attributeTypes', attributes.map(publishedAttributeType))}

${section('objectClasses', classes.map(publishedObjectClass))}

${section('dITContentRules', contentRules)}

${section('extendedAttributeInfo', attributes.map(extendedAttributeInfo))}

${section('extendedClassInfo', classes.map(extendedClassInfo))}

${section('checkedAttributeTypes', attributes.map(checkedAttributeType))}

${section(
  'checkedObjectClasses',
  classes.map((cls) => checkedObjectClass(cls, lookup)),
)}

${section(
  'defaultObjectCategory',
  classes.map((cls) => `${cls.lDAPDisplayName} ${cls.defaultObjectCategory}`),
)}
`;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const text = renderAdSchema(process.argv[2]);
  writeFileSync(new URL('../fixtures/schema/ad.schema', import.meta.url), text);
  const count = (kind: string) => text.split('\n').filter((line) => line.startsWith(`${kind}: `)).length;
  process.stdout.write(
    `wrote ${count('attributeTypes')} attribute types, ${count('objectClasses')} object classes, ${count('dITContentRules')} content rules\n`,
  );
}
