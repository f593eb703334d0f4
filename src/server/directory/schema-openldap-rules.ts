/**
 * What slapd 2.5 takes in an application's schema file (measured with slaptest against Debian 12's
 * slapd, one attribute type a run): the syntaxes a type may name, and which matching rule may
 * serve which syntax. slapd refuses anything else with the texts used here.
 */
import type { RuleKeyword, SchemaExtensionRules } from './schema-extension-rules.js';
import { slapdAttributeType, slapdObjectClass } from './schema-wording.js';

const RFC4517 = '1.3.6.1.4.1.1466.115.121.1.';
const syntax = (id: string) => (id.includes('.') ? id : RFC4517 + id);

/** Syntaxes slapd knows but leaves out of its subschema entry's ldapSyntaxes (X-SUBST or hidden). */
const UNPUBLISHED_SYNTAXES = [
  ...['1', '2', '3', '13', '16', '17', '19', '20', '21', '23', '25', '29', '30', '31', '32', '33', '35'],
  ...['37', '42', '43', '51', '54', '55', '56', '57', '58'],
  ...['1.3.6.1.1.15.2', '1.3.6.1.1.15.3', '1.3.6.1.1.15.4', '1.3.6.1.1.15.6', '1.3.6.1.1.15.7'],
  ...['1.3.6.1.4.1.4203.666.11.2.1', '1.3.6.1.4.1.4203.666.2.7', '1.3.6.1.4.1.4203.1.1.1'],
].map(syntax);

/**
 * Equality rules and the syntaxes each may serve; with the rules slapd knows but does not list in
 * matchingRules (authzMatch, CSNMatch…, used by dyngroup.schema and pmi.schema).
 */
const EQUALITY: Readonly<Record<string, readonly string[]>> = {
  CSNMatch: ['1.3.6.1.4.1.4203.666.11.2.1'],
  CSNSIDMatch: ['1.3.6.1.4.1.4203.666.11.2.1'],
  UUIDMatch: ['1.3.6.1.1.16.1'],
  attributeCertificateExactMatch: ['1.3.6.1.4.1.4203.666.11.10.2.1'],
  authzMatch: ['1.3.6.1.4.1.4203.666.2.7'],
  bitStringMatch: ['6'],
  booleanMatch: ['7'],
  caseExactIA5Match: ['26'],
  caseExactMatch: ['11', '15', '44', '50'],
  caseIgnoreIA5Match: ['26'],
  caseIgnoreListMatch: ['41'],
  caseIgnoreMatch: ['11', '15', '44', '50'],
  certificateExactMatch: ['8'],
  certificateListExactMatch: ['9'],
  certificateListMatch: ['1.3.6.1.1.15.6'],
  certificateMatch: ['1.3.6.1.1.15.2'],
  distinguishedNameMatch: ['12'],
  generalizedTimeMatch: ['24'],
  integerFirstComponentMatch: ['17', '27'],
  integerMatch: ['27'],
  numericStringMatch: ['36'],
  objectIdentifierFirstComponentMatch: ['3', '16', '30', '31', '35', '37', '38', '54'],
  objectIdentifierMatch: ['38'],
  octetStringMatch: ['40'],
  presentationAddressMatch: ['43'],
  protocolInformationMatch: ['42'],
  rdnMatch: ['1.2.36.79672281.1.5.0'],
  telephoneNumberMatch: ['50'],
  uniqueMemberMatch: ['34'],
};

/** Ordering rules and the syntaxes each may serve (only beside an EQUALITY rule). */
const ORDERING: Readonly<Record<string, readonly string[]>> = {
  CSNOrderingMatch: ['1.3.6.1.4.1.4203.666.11.2.1'],
  UUIDOrderingMatch: ['1.3.6.1.1.16.1'],
  caseExactOrderingMatch: ['11', '15', '44', '50'],
  caseIgnoreOrderingMatch: ['11', '15', '44', '50'],
  generalizedTimeOrderingMatch: ['24'],
  integerOrderingMatch: ['27'],
  numericStringOrderingMatch: ['36'],
  octetStringOrderingMatch: ['40'],
};

/** Substrings rules: any of them serves any syntax, beside an EQUALITY rule. */
const SUBSTR = [
  'caseExactIA5SubstringsMatch',
  'caseExactSubstringsMatch',
  'caseIgnoreIA5SubstringsMatch',
  'caseIgnoreListSubstringsMatch',
  'caseIgnoreSubstringsMatch',
  'numericStringSubstringsMatch',
  'octetStringSubstringsMatch',
  'telephoneNumberSubstringsMatch',
];

const bySyntaxes = (table: Readonly<Record<string, readonly string[]>>) =>
  new Map(Object.entries(table).map(([rule, ids]) => [rule.toLowerCase(), new Set(ids.map(syntax))]));

const SERVES: Readonly<Record<RuleKeyword, ReadonlyMap<string, ReadonlySet<string> | undefined>>> = {
  EQUALITY: bySyntaxes(EQUALITY),
  ORDERING: bySyntaxes(ORDERING),
  SUBSTR: new Map(SUBSTR.map((rule) => [rule.toLowerCase(), undefined])),
};

/** Rules slapd knows that serve no syntax in a schema file (slaptest: inappropriate for every one). */
const NO_SYNTAX = [
  'attributeCertificateMatch',
  'dnSubtreeMatch',
  'dnOneLevelMatch',
  'dnSubordinateMatch',
  'dnSuperiorMatch',
];

/**
 * slapd's rules for schema files. `syntaxes`: the OIDs of its published ldapSyntaxes;
 * `matchingRules`: its published matchingRules and matchingRuleUse (which names a few more).
 */
export function slapdExtensionRules(
  syntaxes: readonly string[],
  matchingRules: readonly string[],
): SchemaExtensionRules {
  const known = new Set([...syntaxes.map((s) => /^\(\s*(\S+)/.exec(s)?.[1] ?? s), ...UNPUBLISHED_SYNTAXES]);
  // A rule may be named by OID: the published descriptions give each OID its name.
  const nameOf = new Map<string, string>();
  for (const name of [...Object.keys(EQUALITY), ...Object.keys(ORDERING), ...SUBSTR, ...NO_SYNTAX])
    nameOf.set(name.toLowerCase(), name.toLowerCase());
  for (const text of matchingRules) {
    const oid = /^\(\s*(\S+)/.exec(text)?.[1];
    const name = /NAME\s+'([^']+)'/.exec(text)?.[1];
    if (oid && name) {
      nameOf.set(oid, name.toLowerCase());
      nameOf.set(name.toLowerCase(), name.toLowerCase());
    }
  }
  return {
    wordAttributeType: slapdAttributeType,
    wordObjectClass: slapdObjectClass,
    knowsSyntax: (oid) => known.has(oid),
    refuseMatchingRule: (keyword, rule, type) => {
      const name = nameOf.get(rule) ?? nameOf.get(rule.toLowerCase());
      if (name === undefined) return `MatchingRule not found: "${rule}"`;
      const inappropriate = `AttributeType inappropriate matching rule: "${rule}"`;
      if (!SERVES[keyword].has(name)) return inappropriate;
      if (keyword !== 'EQUALITY' && type.equality === undefined) return inappropriate;
      const serves = SERVES[keyword].get(name);
      return serves && !(type.syntax !== undefined && serves.has(type.syntax)) ? inappropriate : undefined;
    },
    operationalTypes: false,
    adForms: false,
  };
}
