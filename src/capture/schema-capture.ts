/**
 * The server's own schema definitions that the emulated profile lacks (an application's
 * attributes and classes), as LDIF the mock's `--schema` reads: slapd's subschema values, or AD's
 * attributeSchema and classSchema objects.
 */
import { parseAttributeTypeDescription } from '../core/attribute-type-description.js';
import type { LdifRecord } from '../core/ldif.js';
import { writeLdif } from '../core/ldif-writer.js';
import { parseObjectClassDescription } from '../core/object-class-description.js';
import type { Schema } from '../server/directory/schema.js';
import type { ReadOnlyDirectory } from './read-directory.js';

const AD_SCHEMA_ATTRIBUTES = [
  'objectClass',
  'cn',
  'lDAPDisplayName',
  'attributeID',
  'attributeSyntax',
  'oMSyntax',
  'isSingleValued',
  'rangeLower',
  'rangeUpper',
  'searchFlags',
  'governsID',
  'subClassOf',
  'objectClassCategory',
  'mustContain',
  'mayContain',
  'systemMustContain',
  'systemMayContain',
  'possSuperiors',
  'systemPossSuperiors',
  'auxiliaryClass',
  'systemAuxiliaryClass',
];

/** The definitions as LDIF, or undefined when the server defines nothing the profile lacks. */
export async function captureSchema(
  directory: ReadOnlyDirectory,
  rootDSE: Readonly<Record<string, readonly string[]>>,
  schema: Schema,
  ad: boolean,
  mapDN: (dn: string) => string,
): Promise<string | undefined> {
  return ad ? adSchema(directory, rootDSE, schema, mapDN) : subschema(directory, rootDSE, schema);
}

async function subschema(
  directory: ReadOnlyDirectory,
  rootDSE: Readonly<Record<string, readonly string[]>>,
  schema: Schema,
): Promise<string | undefined> {
  const dn = rootDSE['subschemasubentry']?.[0];
  if (!dn) return undefined;
  const entry = await directory.readEntry(dn, ['attributeTypes', 'objectClasses']);
  if (!entry) return undefined;
  const text = (name: string) =>
    [...entry.attributes]
      .filter(([d]) => d.toLowerCase() === name)
      .flatMap(([, values]) => values.map(String));
  const attributeTypes = text('attributetypes').filter((definition) => {
    const names = parseAttributeTypeDescription(definition).names;
    return names.length > 0 && !schema.attributeType(names[0]!).known;
  });
  const objectClasses = text('objectclasses').filter((definition) => {
    const names = parseObjectClassDescription(definition).names;
    return names.length > 0 && schema.objectClass(names[0]!) === undefined;
  });
  if (attributeTypes.length + objectClasses.length === 0) return undefined;
  const attributes = [
    { type: 'objectClass', values: ['top', 'subentry', 'subschema', 'extensibleObject'] },
    { type: 'cn', values: ['schema'] },
    ...(attributeTypes.length > 0 ? [{ type: 'attributeTypes', values: attributeTypes }] : []),
    ...(objectClasses.length > 0 ? [{ type: 'objectClasses', values: objectClasses }] : []),
  ];
  return writeLdif([{ kind: 'content', dn: 'cn=schema', line: 0, attributes }], {
    version: true,
    foldWidth: 0,
  });
}

async function adSchema(
  directory: ReadOnlyDirectory,
  rootDSE: Readonly<Record<string, readonly string[]>>,
  schema: Schema,
  mapDN: (dn: string) => string,
): Promise<string | undefined> {
  const schemaNC = rootDSE['schemanamingcontext']?.[0];
  if (!schemaNC) return undefined;
  const found = await directory
    .readChildren(schemaNC, '(|(objectClass=attributeSchema)(objectClass=classSchema))', AD_SCHEMA_ATTRIBUTES)
    // A server that does not publish its schema objects (the mock) has nothing to add.
    .catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 32) return [];
      throw error;
    });
  const records: LdifRecord[] = [];
  for (const entry of found) {
    const name = [...entry.attributes].find(([d]) => d.toLowerCase() === 'ldapdisplayname')?.[1][0];
    if (name === undefined) continue;
    const isClass = [...entry.attributes].some(
      ([d, values]) =>
        d.toLowerCase() === 'objectclass' && values.some((v) => String(v).toLowerCase() === 'classschema'),
    );
    const known = isClass
      ? schema.objectClass(String(name)) !== undefined
      : schema.attributeType(String(name)).known;
    if (known) continue;
    records.push({
      kind: 'content',
      dn: mapDN(entry.dn),
      line: 0,
      attributes: [...entry.attributes].map(([type, values]) => ({ type, values })),
    });
  }
  return records.length === 0 ? undefined : writeLdif(records, { version: true });
}
