/**
 * Generates fixtures/schema/ad.schema (read by src/server/directory/schema-ad.ts): the Active
 * Directory attribute types and object classes the `ad` and `samba` profiles know, as RFC 4512
 * descriptions, and the defaultObjectCategory of each class. The source is the AD
 * schema Samba ships (its ad-schema directory, as installed by scripts/install-interop-deps.sh);
 * only the classes directory users meet (users, groups, containers, the domain) and the
 * attributes they use are kept.
 *
 *   npx tsx scripts/gen-ad-schema.ts [/usr/share/samba/setup/ad-schema]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const source = process.argv[2] ?? '/usr/share/samba/setup/ad-schema';
const output = new URL('../fixtures/schema/ad.schema', import.meta.url);

type Record = Map<string, string>;

function readRecords(file: string): Record[] {
  const records: Record[] = [];
  let current: Record = new Map();
  let last = '';
  for (const line of readFileSync(join(source, file), 'utf8').split(/\r?\n/)) {
    if (line.trim() === '') {
      if (current.size > 0) records.push(current);
      current = new Map();
      continue;
    }
    const colon = line.indexOf(':');
    if (/^\s/.test(line) || colon < 0) {
      current.set(last, `${current.get(last) ?? ''} ${line.trim()}`);
      continue;
    }
    last = line.slice(0, colon).trim();
    current.set(last, line.slice(colon + 1).trim());
  }
  if (current.size > 0) records.push(current);
  return records;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const attributes = new Map(
  readRecords('MS-AD_Schema_2K8_R2_Attributes.txt').map((r) => [r.get('ldapDisplayName')!, r]),
);
const classes = new Map(
  readRecords('MS-AD_Schema_2K8_R2_Classes.txt').map((r) => [r.get('ldapDisplayName')!, r]),
);

/** The classes kept, with their superclasses and auxiliary classes. */
const roots = [
  'user',
  'inetOrgPerson',
  'computer',
  'group',
  'contact',
  'container',
  'organizationalUnit',
  'domainDNS',
  'builtinDomain',
  'foreignSecurityPrincipal',
  'msDS-PasswordSettings',
  'msDS-PasswordSettingsContainer',
  'lostAndFound',
  'infrastructureUpdate',
  'msDS-QuotaContainer',
  // RFC group classes: OpenBao's default group filter names uniqueMember, and a client that
  // checks names against the schema (python3-ldap3) refuses a filter with an undefined one.
  'groupOfNames',
  'groupOfUniqueNames',
  // The subschema entry's own attributes (objectClasses, attributeTypes, dITContentRules…):
  // python3-ldap3 reads the schema and then refuses any attribute it does not define.
  'subSchema',
];
const keptClasses = new Set<string>();
const visit = (name: string) => {
  const record = classes.get(name);
  if (!record || keptClasses.has(name)) return;
  keptClasses.add(name);
  for (const sup of list(record.get('subClassOf'))) visit(sup);
  for (const aux of [...list(record.get('auxiliaryClass')), ...list(record.get('systemAuxiliaryClass'))])
    visit(aux);
};
roots.forEach(visit);

/** Attributes AD computes or maintains that a directory user asks for by name. */
const extraAttributes = [
  'tokenGroups',
  'tokenGroupsGlobalAndUniversal',
  'tokenGroupsNoGCAcceptable',
  'msDS-User-Account-Control-Computed',
  'memberOf',
  'distinguishedName',
  'name',
  'whenCreated',
  'whenChanged',
  'uSNCreated',
  'uSNChanged',
  'canonicalName',
  'allowedAttributes',
];
/** Filled by the server on add; listing them as MUST would refuse every client's add. */
const systemFilled = new Set(['objectCategory', 'nTSecurityDescriptor', 'instanceType']);

const keptAttributes = new Set<string>(extraAttributes);
for (const name of keptClasses) {
  const record = classes.get(name)!;
  for (const key of ['mustContain', 'systemMustContain', 'mayContain', 'systemMayContain']) {
    for (const attribute of list(record.get(key)))
      if (attributes.has(attribute)) keptAttributes.add(attribute);
  }
}

/** attributeSyntax + oMSyntax → LDAP syntax and the matching rules AD applies to it (MS-ADTS 3.1.1.2.2.2). */
function syntaxOf(record: Record): { syntax: string; equality?: string; ordering?: string; substr?: string } {
  const ad = record.get('attributeSyntax');
  const om = record.get('omSyntax');
  const ci = {
    equality: 'caseIgnoreMatch',
    ordering: 'caseIgnoreOrderingMatch',
    substr: 'caseIgnoreSubstringsMatch',
  };
  switch (ad) {
    case '2.5.5.1':
      return { syntax: '1.3.6.1.4.1.1466.115.121.1.12', equality: 'distinguishedNameMatch' };
    case '2.5.5.2':
      return { syntax: '1.3.6.1.4.1.1466.115.121.1.38', equality: 'objectIdentifierMatch' };
    case '2.5.5.3':
      return {
        syntax: '1.2.840.113556.1.4.1362',
        equality: 'caseExactMatch',
        substr: 'caseExactSubstringsMatch',
      };
    case '2.5.5.4':
      return { syntax: '1.2.840.113556.1.4.905', ...ci };
    case '2.5.5.5':
      return {
        syntax: om === '22' ? '1.3.6.1.4.1.1466.115.121.1.26' : '1.3.6.1.4.1.1466.115.121.1.44',
        ...ci,
      };
    case '2.5.5.6':
      return {
        syntax: '1.3.6.1.4.1.1466.115.121.1.36',
        equality: 'numericStringMatch',
        substr: 'numericStringSubstringsMatch',
      };
    case '2.5.5.7':
      return { syntax: '1.2.840.113556.1.4.903' };
    case '2.5.5.8':
      return { syntax: '1.3.6.1.4.1.1466.115.121.1.7', equality: 'booleanMatch' };
    case '2.5.5.9':
    case '2.5.5.16':
      return {
        syntax: ad === '2.5.5.9' ? '1.3.6.1.4.1.1466.115.121.1.27' : '1.2.840.113556.1.4.906',
        equality: 'integerMatch',
        ordering: 'integerOrderingMatch',
      };
    case '2.5.5.10':
    case '2.5.5.17':
      return { syntax: '1.3.6.1.4.1.1466.115.121.1.40', equality: 'octetStringMatch' };
    case '2.5.5.11':
      return {
        syntax: om === '23' ? '1.3.6.1.4.1.1466.115.121.1.53' : '1.3.6.1.4.1.1466.115.121.1.24',
        equality: 'generalizedTimeMatch',
        ordering: 'generalizedTimeOrderingMatch',
      };
    case '2.5.5.12':
      return { syntax: '1.3.6.1.4.1.1466.115.121.1.15', ...ci };
    case '2.5.5.13':
      return { syntax: '1.3.6.1.4.1.1466.115.121.1.43' };
    case '2.5.5.14':
      return { syntax: '1.2.840.113556.1.4.904' };
    case '2.5.5.15':
      return { syntax: '1.2.840.113556.1.4.907' };
    default:
      throw new Error(`unknown attributeSyntax ${ad} of ${record.get('ldapDisplayName')}`);
  }
}

function attributeDescription(name: string): string {
  const record = attributes.get(name)!;
  const { syntax, equality, ordering, substr } = syntaxOf(record);
  const constructed = /FLAG_ATTR_IS_CONSTRUCTED/.test(record.get('systemFlags') ?? '');
  const parts = [`( ${record.get('attributeId')} NAME '${name}'`];
  if (equality) parts.push(`EQUALITY ${equality}`);
  if (ordering) parts.push(`ORDERING ${ordering}`);
  if (substr) parts.push(`SUBSTR ${substr}`);
  parts.push(`SYNTAX ${syntax}`);
  if (record.get('isSingleValued') === 'TRUE') parts.push('SINGLE-VALUE');
  // Constructed attributes are computed per read: never returned for `*`, never written.
  if (constructed) parts.push('NO-USER-MODIFICATION USAGE directoryOperation');
  return `${parts.join(' ')} )`;
}

function classDescription(name: string): string {
  const record = classes.get(name)!;
  const kinds: Record<string, string> = {
    '0': 'STRUCTURAL',
    '1': 'STRUCTURAL',
    '2': 'ABSTRACT',
    '3': 'AUXILIARY',
  } as never;
  const sup = list(record.get('subClassOf')).filter((s) => s !== name);
  const aux = [...list(record.get('auxiliaryClass')), ...list(record.get('systemAuxiliaryClass'))];
  const must = [...list(record.get('mustContain')), ...list(record.get('systemMustContain'))].filter(
    (a) => keptAttributes.has(a) && !systemFilled.has(a),
  );
  const may = [
    ...list(record.get('mayContain')),
    ...list(record.get('systemMayContain')),
    ...aux.flatMap((a) => [
      ...list(classes.get(a)?.get('mayContain')),
      ...list(classes.get(a)?.get('systemMayContain')),
    ]),
  ].filter((a) => keptAttributes.has(a) && !must.includes(a));
  const oids = (names: string[]) => (names.length === 1 ? names[0] : `( ${names.join(' $ ')} )`);
  const parts = [`( ${record.get('governsId')} NAME '${name}'`];
  if (sup.length > 0) parts.push(`SUP ${oids(sup)}`);
  parts.push(kinds[record.get('objectClassCategory') ?? '1'] ?? 'STRUCTURAL');
  if (must.length > 0) parts.push(`MUST ${oids([...new Set(must)])}`);
  if (may.length > 0) parts.push(`MAY ${oids([...new Set(may)])}`);
  return `${parts.join(' ')} )`;
}

const attributeLines = [...keptAttributes]
  .filter((a) => attributes.has(a))
  .sort()
  .map(attributeDescription);
const classLines = [...keptClasses].sort().map(classDescription);

/** The CN of a class's defaultObjectCategory (`CN=Person,CN=Schema,…` → Person; user's is Person too). */
const defaultCategory = (name: string) => {
  const category = classes.get(name)!.get('defaultObjectCategory') ?? `CN=${classes.get(name)!.get('cn')},`;
  return /^CN=([^,]+),/i.exec(category)![1]!;
};
const categories = [...keptClasses]
  .sort()
  .map((name) => `defaultObjectCategory: ${name} ${defaultCategory(name)}`);

const text = `# GENERATED by scripts/gen-ad-schema.ts from the AD schema Samba ships: do not edit by hand.
# ${attributeLines.length} attribute types and ${classLines.length} object classes.
# Source: MS-AD_Schema_2K8_R2_Attributes.txt and MS-AD_Schema_2K8_R2_Classes.txt of Samba's
# ad-schema directory (Debian package samba-ad-provision). To regenerate:
#   npx tsx scripts/gen-ad-schema.ts [/usr/share/samba/setup/ad-schema]
#
# One RFC 4512 description a line, prefixed by the subschema attribute that publishes it
# (attributeTypes, objectClasses), in publishing order. Read by src/server/directory/schema-ad.ts.

${attributeLines.map((l) => `attributeTypes: ${l}`).join('\n')}

${classLines.map((l) => `objectClasses: ${l}`).join('\n')}

# The defaultObjectCategory (its CN) of each class, by lDAPDisplayName, as
# \`defaultObjectCategory: <lDAPDisplayName> <CN>\`: AD reads \`(objectCategory=user)\` as the
# class's default category, CN=Person,CN=Schema,…
${categories.join('\n')}
`;
writeFileSync(output, text);
process.stdout.write(
  `wrote ${attributeLines.length} attribute types and ${classLines.length} object classes\n`,
);
