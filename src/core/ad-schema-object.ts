/**
 * Active Directory schema objects (attributeSchema, classSchema) and what a DC makes of them:
 * - what Samba 4.17 publishes in CN=Aggregate (`attributeTypes`, `objectClasses`,
 *   `dITContentRules`, `extendedAttributeInfo`, `extendedClassInfo`), in Samba's own form: no
 *   matching rules, SYNTAX quoted, a class's own MUST/MAY only;
 * - RFC 4512 descriptions a directory can match and check with: the matching rules AD applies to
 *   each syntax, constructed attributes operational, the attributes of a class's auxiliary
 *   classes allowed on it, and the MUST attributes the DC fills itself left out.
 * scripts/gen-ad-schema.ts renders the built-in schema with these, and ad-schema-ldif.ts an
 * application's schema file, so both come out alike.
 */
import type { AdSyntax } from './ad-syntaxes.js';

export interface AdAttributeSchema {
  readonly attributeID: string;
  readonly lDAPDisplayName: string;
  /** From attributeSyntax and oMSyntax (ad-syntaxes.ts). */
  readonly syntax: AdSyntax;
  readonly isSingleValued: boolean;
  readonly systemOnly: boolean;
  /** systemFlags bit FLAG_ATTR_IS_CONSTRUCTED (MS-ADTS 2.2.10): computed per read, never stored. */
  readonly constructed: boolean;
  /** searchFlags bit fATTINDEX. */
  readonly indexed: boolean;
  readonly rangeLower?: string;
  readonly rangeUpper?: string;
  /** The GUIDs' 16 bytes as hex, upper case, in storage order (as Samba prints them). */
  readonly schemaIDGUID?: string;
  readonly attributeSecurityGUID?: string;
}

export type AdClassKind = 'STRUCTURAL' | 'ABSTRACT' | 'AUXILIARY';

export interface AdClassSchema {
  readonly governsID: string;
  readonly lDAPDisplayName: string;
  /** Undefined for a class that is its own superclass (top). */
  readonly subClassOf?: string;
  readonly kind: AdClassKind;
  /** mustContain, then systemMustContain. */
  readonly must: readonly string[];
  /** mayContain, then systemMayContain. */
  readonly may: readonly string[];
  /** systemAuxiliaryClass, then auxiliaryClass. */
  readonly auxiliaries: readonly string[];
  readonly schemaIDGUID?: string;
  /** The CN of its defaultObjectCategory (`CN=Person,CN=Schema,…` → Person). */
  readonly defaultObjectCategory: string;
}

/** A class by lDAPDisplayName, for what auxiliary classes bring; undefined when there is none. */
export type AdClassLookup = (name: string) => AdClassSchema | undefined;

const KINDS: Readonly<Record<string, AdClassKind>> = {
  '0': 'STRUCTURAL',
  '1': 'STRUCTURAL',
  '2': 'ABSTRACT',
  '3': 'AUXILIARY',
};

/** objectClassCategory (0 88-class, 1 structural, 2 abstract, 3 auxiliary) → kind; undefined if invalid. */
export function adClassKind(objectClassCategory: string): AdClassKind | undefined {
  return KINDS[objectClassCategory];
}

const ZERO_GUID = '0'.repeat(32);

/** Samba's `MUST (a $ b )` form; nothing for an empty list. */
const sambaList = (keyword: string, names: readonly string[]) =>
  names.length === 0 ? '' : ` ${keyword} (${names.join(' $ ')} )`;

export function publishedAttributeType(attribute: AdAttributeSchema): string {
  let text = `( ${attribute.attributeID} NAME '${attribute.lDAPDisplayName}'`;
  text += ` SYNTAX '${attribute.syntax.ldap}'`;
  if (attribute.isSingleValued) text += ' SINGLE-VALUE';
  if (attribute.systemOnly) text += ' NO-USER-MODIFICATION';
  return `${text} )`;
}

export function extendedAttributeInfo(attribute: AdAttributeSchema): string {
  let text = `( ${attribute.attributeID} NAME '${attribute.lDAPDisplayName}'`;
  // Samba reads the bounds as unsigned 32-bit numbers: a negative one (-1) is not published.
  for (const [value, keyword] of [
    [attribute.rangeLower, 'RANGE-LOWER'],
    [attribute.rangeUpper, 'RANGE-UPPER'],
  ] as const) {
    if (value !== undefined && !value.startsWith('-')) text += ` ${keyword} '${value}'`;
  }
  text += ` PROPERTY-GUID '${attribute.schemaIDGUID ?? ZERO_GUID}'`;
  text += ` PROPERTY-SET-GUID '${attribute.attributeSecurityGUID ?? ZERO_GUID}'`;
  if (attribute.indexed) text += ' INDEXED';
  if (attribute.systemOnly) text += ' SYSTEM-ONLY';
  return `${text} )`;
}

export function publishedObjectClass(cls: AdClassSchema): string {
  let text = `( ${cls.governsID} NAME '${cls.lDAPDisplayName}'`;
  if (cls.subClassOf) text += ` SUP ${cls.subClassOf}`;
  text += ` ${cls.kind}`;
  return `${text}${sambaList('MUST', cls.must)}${sambaList('MAY', cls.may)} )`;
}

function auxiliary(classes: AdClassLookup, name: string): AdClassSchema {
  const cls = classes(name);
  if (!cls) throw new Error(`class ${name} is not defined`);
  return cls;
}

/** Samba publishes a content rule for each class with auxiliary classes of its own: their MUST and MAY, concatenated. */
export function dITContentRule(cls: AdClassSchema, classes: AdClassLookup): string | undefined {
  if (cls.auxiliaries.length === 0) return undefined;
  let text = `( ${cls.governsID} NAME '${cls.lDAPDisplayName}'`;
  text += ` AUX ( ${cls.auxiliaries.join(' $ ')} )`;
  const aux = cls.auxiliaries.map((name) => auxiliary(classes, name));
  const auxMust = aux.flatMap((a) => a.must);
  const auxMay = aux.flatMap((a) => a.may);
  return `${text}${sambaList('MUST', auxMust)}${sambaList('MAY', auxMay)} )`;
}

export const extendedClassInfo = (cls: AdClassSchema) =>
  `( ${cls.governsID} NAME '${cls.lDAPDisplayName}' CLASS-GUID '${cls.schemaIDGUID ?? ZERO_GUID}' )`;

export function checkedAttributeType(attribute: AdAttributeSchema): string {
  const { ldap, equality, ordering, substr } = attribute.syntax;
  const parts = [`( ${attribute.attributeID} NAME '${attribute.lDAPDisplayName}'`];
  if (equality) parts.push(`EQUALITY ${equality}`);
  if (ordering) parts.push(`ORDERING ${ordering}`);
  if (substr) parts.push(`SUBSTR ${substr}`);
  parts.push(`SYNTAX ${ldap}`);
  if (attribute.isSingleValued) parts.push('SINGLE-VALUE');
  // Constructed attributes are computed per read: never returned for `*`, never written.
  if (attribute.constructed) parts.push('NO-USER-MODIFICATION USAGE directoryOperation');
  return `${parts.join(' ')} )`;
}

/**
 * What an auxiliary class brings to a class it is attached to: its own MUST and MAY, and those of
 * its superclasses and of their auxiliary classes, recursively (MS-ADTS 3.1.1.2.4.4): domainDNS
 * gets objectSid from samDomain's auxiliary class samDomainBase.
 */
function broughtBy(classes: AdClassLookup, name: string, seen: Set<string>): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const cls = auxiliary(classes, name);
  return [
    ...cls.must,
    ...cls.may,
    ...cls.auxiliaries.flatMap((aux) => broughtBy(classes, aux, seen)),
    ...(cls.subClassOf === undefined ? [] : broughtBy(classes, cls.subClassOf, seen)),
  ];
}

/** Filled by the DC on add: allowed, but listing them as MUST would refuse every client's add. */
const SYSTEM_FILLED: ReadonlySet<string> = new Set([
  'objectCategory',
  'nTSecurityDescriptor',
  'instanceType',
]);

export function checkedObjectClass(cls: AdClassSchema, classes: AdClassLookup): string {
  const needed = cls.must.filter((a) => !SYSTEM_FILLED.has(a));
  // An auxiliary class's attributes are allowed on the class (its content rule), required or not:
  // the DC fills the required ones (objectSid, sAMAccountName of securityPrincipal) itself.
  const seen = new Set<string>();
  const allowed = [
    ...cls.must.filter((a) => SYSTEM_FILLED.has(a)),
    ...cls.may,
    ...cls.auxiliaries.flatMap((name) => broughtBy(classes, name, seen)),
  ].filter((a) => !needed.includes(a));
  const list = (names: string[]) => {
    const unique = [...new Set(names)];
    return unique.length === 1 ? unique[0] : `( ${unique.join(' $ ')} )`;
  };
  const parts = [`( ${cls.governsID} NAME '${cls.lDAPDisplayName}'`];
  if (cls.subClassOf) parts.push(`SUP ${cls.subClassOf}`);
  parts.push(cls.kind);
  if (needed.length > 0) parts.push(`MUST ${list(needed)}`);
  if (allowed.length > 0) parts.push(`MAY ${list(allowed)}`);
  return `${parts.join(' ')} )`;
}
