/**
 * Generates fixtures/schema/ad.schema (read by src/server/directory/schema-ad.ts): the Active
 * Directory schema of the `ad` and `samba` profiles, from the schema Samba 4.17 provisions a DC
 * with — Windows Server 2012 R2's, as Samba ships it in its ad-schema directory (Debian package
 * samba-ad-provision, installed by scripts/install-interop-deps.sh). All of it: 1,473 attribute
 * types and 264 classes.
 *
 * Two renderings of every definition:
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

/** The classes of the schema being rendered, by lDAPDisplayName (set by renderAdSchema). */
let classByName = new Map<string, LdifRecord>();

interface Syntax {
  readonly ldap: string;
  readonly equality?: string;
  readonly ordering?: string;
  readonly substr?: string;
}

const caseIgnore = {
  equality: 'caseIgnoreMatch',
  ordering: 'caseIgnoreOrderingMatch',
  substr: 'caseIgnoreSubstringsMatch',
};
const octets = { ldap: '1.3.6.1.4.1.1466.115.121.1.40', equality: 'octetStringMatch' };

/**
 * attributeSyntax/oMSyntax → the LDAP syntax Samba publishes (every pair of the 2012 R2 schema,
 * as a Samba 4.17 DC showed them) and the matching rules AD applies to it.
 */
const syntaxes: Readonly<Record<string, Syntax>> = {
  '2.5.5.1/127': { ldap: '1.3.6.1.4.1.1466.115.121.1.12', equality: 'distinguishedNameMatch' },
  '2.5.5.2/6': { ldap: '1.3.6.1.4.1.1466.115.121.1.38', equality: 'objectIdentifierMatch' },
  '2.5.5.3/27': {
    ldap: '1.2.840.113556.1.4.1362',
    equality: 'caseExactMatch',
    substr: 'caseExactSubstringsMatch',
  },
  '2.5.5.4/20': { ldap: '1.2.840.113556.1.4.905', ...caseIgnore },
  '2.5.5.5/19': { ldap: '1.3.6.1.4.1.1466.115.121.1.44', ...caseIgnore },
  '2.5.5.5/22': { ldap: '1.3.6.1.4.1.1466.115.121.1.26', ...caseIgnore },
  '2.5.5.6/18': {
    ldap: '1.3.6.1.4.1.1466.115.121.1.36',
    equality: 'numericStringMatch',
    substr: 'numericStringSubstringsMatch',
  },
  '2.5.5.7/127': { ldap: '1.2.840.113556.1.4.903' },
  '2.5.5.8/1': { ldap: '1.3.6.1.4.1.1466.115.121.1.7', equality: 'booleanMatch' },
  '2.5.5.9/2': {
    ldap: '1.3.6.1.4.1.1466.115.121.1.27',
    equality: 'integerMatch',
    ordering: 'integerOrderingMatch',
  },
  '2.5.5.9/10': {
    ldap: '1.3.6.1.4.1.1466.115.121.1.27',
    equality: 'integerMatch',
    ordering: 'integerOrderingMatch',
  },
  '2.5.5.10/4': octets,
  '2.5.5.10/127': octets,
  '2.5.5.11/23': {
    ldap: '1.3.6.1.4.1.1466.115.121.1.53',
    equality: 'generalizedTimeMatch',
    ordering: 'generalizedTimeOrderingMatch',
  },
  '2.5.5.11/24': {
    ldap: '1.3.6.1.4.1.1466.115.121.1.24',
    equality: 'generalizedTimeMatch',
    ordering: 'generalizedTimeOrderingMatch',
  },
  '2.5.5.12/64': { ldap: '1.3.6.1.4.1.1466.115.121.1.15', ...caseIgnore },
  '2.5.5.13/127': { ldap: '1.3.6.1.4.1.1466.115.121.1.43' },
  '2.5.5.14/127': { ldap: '1.2.840.113556.1.4.904' },
  '2.5.5.15/66': { ldap: '1.2.840.113556.1.4.907' },
  '2.5.5.16/65': {
    ldap: '1.2.840.113556.1.4.906',
    equality: 'integerMatch',
    ordering: 'integerOrderingMatch',
  },
  '2.5.5.17/4': octets,
};

/** Samba stores userParameters as octets whatever its schema says (a Unicode string in AD's). */
const octetAttributes = new Set(['userParameters']);

function syntaxOf(record: LdifRecord): Syntax {
  const name = required(record, 'lDAPDisplayName');
  if (octetAttributes.has(name)) return octets;
  const key = `${required(record, 'attributeSyntax')}/${required(record, 'oMSyntax')}`;
  const syntax = syntaxes[key];
  if (!syntax) throw new Error(`${name}: attributeSyntax/oMSyntax ${key} not in the syntax table`);
  return syntax;
}

const isTrue = (record: LdifRecord, name: string) => one(record, name) === 'TRUE';
const flags = (record: LdifRecord, name: string) => Number(one(record, name) ?? '0');
/** systemFlags bit FLAG_ATTR_IS_CONSTRUCTED (MS-ADTS 2.2.10). */
const CONSTRUCTED = 0x4;
/** searchFlags bit fATTINDEX. */
const INDEXED = 0x1;

/** The GUID's 16 bytes as Samba prints them: hex, upper case, in storage order. */
function guidHex(base64: string | undefined): string {
  return base64 === undefined ? '0'.repeat(32) : Buffer.from(base64, 'base64').toString('hex').toUpperCase();
}

/** Samba's `MUST (a $ b )` form; nothing for an empty list. */
const sambaList = (keyword: string, names: readonly string[]) =>
  names.length === 0 ? '' : ` ${keyword} (${names.join(' $ ')} )`;

function publishedAttributeType(record: LdifRecord): string {
  let text = `( ${required(record, 'attributeID')} NAME '${required(record, 'lDAPDisplayName')}'`;
  text += ` SYNTAX '${syntaxOf(record).ldap}'`;
  if (isTrue(record, 'isSingleValued')) text += ' SINGLE-VALUE';
  if (isTrue(record, 'systemOnly')) text += ' NO-USER-MODIFICATION';
  return `${text} )`;
}

function extendedAttributeInfo(record: LdifRecord): string {
  let text = `( ${required(record, 'attributeID')} NAME '${required(record, 'lDAPDisplayName')}'`;
  // Samba reads the bounds as unsigned 32-bit numbers: a negative one (-1) is not published.
  for (const [key, keyword] of [
    ['rangeLower', 'RANGE-LOWER'],
    ['rangeUpper', 'RANGE-UPPER'],
  ] as const) {
    const value = one(record, key);
    if (value !== undefined && !value.startsWith('-')) text += ` ${keyword} '${value}'`;
  }
  text += ` PROPERTY-GUID '${guidHex(one(record, 'schemaIDGUID'))}'`;
  text += ` PROPERTY-SET-GUID '${guidHex(one(record, 'attributeSecurityGUID'))}'`;
  if (flags(record, 'searchFlags') & INDEXED) text += ' INDEXED';
  if (isTrue(record, 'systemOnly')) text += ' SYSTEM-ONLY';
  return `${text} )`;
}

const kinds: Readonly<Record<string, string>> = {
  '0': 'STRUCTURAL',
  '1': 'STRUCTURAL',
  '2': 'ABSTRACT',
  '3': 'AUXILIARY',
};
const kindOf = (record: LdifRecord) => {
  const kind = kinds[required(record, 'objectClassCategory')];
  if (!kind)
    throw new Error(`${one(record, 'dn')}: objectClassCategory ${one(record, 'objectClassCategory')}`);
  return kind;
};
const must = (record: LdifRecord) => [...all(record, 'mustContain'), ...all(record, 'systemMustContain')];
const may = (record: LdifRecord) => [...all(record, 'mayContain'), ...all(record, 'systemMayContain')];
const auxiliaries = (record: LdifRecord) => [
  ...all(record, 'systemAuxiliaryClass'),
  ...all(record, 'auxiliaryClass'),
];
const auxiliary = (name: string) => {
  const record = classByName.get(name);
  if (!record) throw new Error(`class ${name} is not defined`);
  return record;
};
const superclass = (record: LdifRecord) => {
  const sup = required(record, 'subClassOf');
  return sup.toLowerCase() === required(record, 'lDAPDisplayName').toLowerCase() ? undefined : sup;
};

function publishedObjectClass(record: LdifRecord): string {
  let text = `( ${required(record, 'governsID')} NAME '${required(record, 'lDAPDisplayName')}'`;
  const sup = superclass(record);
  if (sup) text += ` SUP ${sup}`;
  text += ` ${kindOf(record)}`;
  return `${text}${sambaList('MUST', must(record))}${sambaList('MAY', may(record))} )`;
}

/** Samba publishes a content rule for each class with auxiliary classes of its own: their MUST and MAY, concatenated. */
function dITContentRule(record: LdifRecord): string | undefined {
  const aux = auxiliaries(record);
  if (aux.length === 0) return undefined;
  let text = `( ${required(record, 'governsID')} NAME '${required(record, 'lDAPDisplayName')}'`;
  text += ` AUX ( ${aux.join(' $ ')} )`;
  const auxMust = aux.flatMap((name) => must(auxiliary(name)));
  const auxMay = aux.flatMap((name) => may(auxiliary(name)));
  return `${text}${sambaList('MUST', auxMust)}${sambaList('MAY', auxMay)} )`;
}

const extendedClassInfo = (record: LdifRecord) =>
  `( ${required(record, 'governsID')} NAME '${required(record, 'lDAPDisplayName')}' CLASS-GUID '${guidHex(one(record, 'schemaIDGUID'))}' )`;

function checkedAttributeType(record: LdifRecord): string {
  const { ldap, equality, ordering, substr } = syntaxOf(record);
  const parts = [`( ${required(record, 'attributeID')} NAME '${required(record, 'lDAPDisplayName')}'`];
  if (equality) parts.push(`EQUALITY ${equality}`);
  if (ordering) parts.push(`ORDERING ${ordering}`);
  if (substr) parts.push(`SUBSTR ${substr}`);
  parts.push(`SYNTAX ${ldap}`);
  if (isTrue(record, 'isSingleValued')) parts.push('SINGLE-VALUE');
  // Constructed attributes are computed per read: never returned for `*`, never written.
  if (flags(record, 'systemFlags') & CONSTRUCTED) parts.push('NO-USER-MODIFICATION USAGE directoryOperation');
  return `${parts.join(' ')} )`;
}

/**
 * What an auxiliary class brings to a class it is attached to: its own MUST and MAY, and those of
 * its superclasses and of their auxiliary classes, recursively (MS-ADTS 3.1.1.2.4.4): domainDNS
 * gets objectSid from samDomain's auxiliary class samDomainBase.
 */
function broughtBy(name: string, seen: Set<string>): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const record = auxiliary(name);
  const sup = superclass(record);
  return [
    ...must(record),
    ...may(record),
    ...auxiliaries(record).flatMap((aux) => broughtBy(aux, seen)),
    ...(sup === undefined ? [] : broughtBy(sup, seen)),
  ];
}

/** Filled by the DC on add: allowed, but listing them as MUST would refuse every client's add. */
const systemFilled = new Set(['objectCategory', 'nTSecurityDescriptor', 'instanceType']);

function checkedObjectClass(record: LdifRecord): string {
  const needed = must(record).filter((a) => !systemFilled.has(a));
  // An auxiliary class's attributes are allowed on the class (its content rule), required or not:
  // the DC fills the required ones (objectSid, sAMAccountName of securityPrincipal) itself.
  const seen = new Set<string>();
  const allowed = [
    ...must(record).filter((a) => systemFilled.has(a)),
    ...may(record),
    ...auxiliaries(record).flatMap((name) => broughtBy(name, seen)),
  ].filter((a) => !needed.includes(a));
  const list = (names: string[]) => {
    const unique = [...new Set(names)];
    return unique.length === 1 ? unique[0] : `( ${unique.join(' $ ')} )`;
  };
  const parts = [`( ${required(record, 'governsID')} NAME '${required(record, 'lDAPDisplayName')}'`];
  const sup = superclass(record);
  if (sup) parts.push(`SUP ${sup}`);
  parts.push(kindOf(record));
  if (needed.length > 0) parts.push(`MUST ${list(needed)}`);
  if (allowed.length > 0) parts.push(`MAY ${list(allowed)}`);
  return `${parts.join(' ')} )`;
}

/** The CN of a class's defaultObjectCategory (`CN=Person,CN=Schema,…` → Person; user's is Person too). */
function defaultCategory(record: LdifRecord): string {
  const category = required(record, 'defaultObjectCategory');
  const cn = /^CN=([^,]+),/i.exec(category)?.[1];
  if (!cn) throw new Error(`${one(record, 'dn')}: defaultObjectCategory ${category}`);
  return cn;
}

const section = (kind: string, lines: readonly string[]) =>
  lines.map((line) => `${kind}: ${line}`).join('\n');

/** The text of fixtures/schema/ad.schema, from Samba's ad-schema directory at `source`. */
export function renderAdSchema(source = SAMBA_AD_SCHEMA): string {
  const attributes = readLdf(source, attributeFile);
  const classes = readLdf(source, classFile);
  classByName = new Map(classes.map((r) => [required(r, 'lDAPDisplayName'), r]));
  const contentRules = classes.map(dITContentRule).filter((rule): rule is string => rule !== undefined);

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

${section('checkedObjectClasses', classes.map(checkedObjectClass))}

${section(
  'defaultObjectCategory',
  classes.map((record) => `${required(record, 'lDAPDisplayName')} ${defaultCategory(record)}`),
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
