/**
 * Active Directory's attribute syntaxes: an attributeSchema object names its syntax by a pair,
 * attributeSyntax (2.5.5.x) and oMSyntax; the LDAP syntax a DC publishes for the pair, and the
 * matching rules AD applies to it (MS-ADTS 3.1.1.2.2.2). scripts/gen-ad-schema.ts renders the
 * built-in schema with this table and the schema-file converter (ad-schema-ldif.ts) an
 * application's, so the two cannot disagree.
 */

export interface AdSyntax {
  /** The LDAP syntax OID Samba publishes for the pair. */
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

/** Octet String: what Samba stores binary values as. */
export const AD_OCTET_STRING: AdSyntax = {
  ldap: '1.3.6.1.4.1.1466.115.121.1.40',
  equality: 'octetStringMatch',
};

const integer = {
  ldap: '1.3.6.1.4.1.1466.115.121.1.27',
  equality: 'integerMatch',
  ordering: 'integerOrderingMatch',
};

/**
 * `attributeSyntax/oMSyntax` → syntax: every pair of the Windows Server 2012 R2 schema, as a
 * Samba 4.17 DC showed them.
 */
const AD_SYNTAXES: Readonly<Record<string, AdSyntax>> = {
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
  '2.5.5.9/2': integer,
  '2.5.5.9/10': integer,
  '2.5.5.10/4': AD_OCTET_STRING,
  '2.5.5.10/127': AD_OCTET_STRING,
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
  '2.5.5.16/65': { ...integer, ldap: '1.2.840.113556.1.4.906' },
  '2.5.5.17/4': AD_OCTET_STRING,
};

/** The syntax of an attributeSyntax/oMSyntax pair; undefined for a pair AD does not define. */
export function adSyntax(attributeSyntax: string, oMSyntax: string): AdSyntax | undefined {
  return AD_SYNTAXES[`${attributeSyntax}/${oMSyntax}`];
}

/** Samba stores userParameters as octets whatever its schema says (a Unicode string in AD's). */
const OCTET_ATTRIBUTES: ReadonlySet<string> = new Set(['userParameters']);

/** The syntax of an attribute as Samba stores it: its pair's, except where Samba overrides it. */
export function adAttributeSyntax(
  lDAPDisplayName: string,
  attributeSyntax: string,
  oMSyntax: string,
): AdSyntax | undefined {
  return OCTET_ATTRIBUTES.has(lDAPDisplayName) ? AD_OCTET_STRING : adSyntax(attributeSyntax, oMSyntax);
}

/** The pairs AD defines, `attributeSyntax/oMSyntax` (for error messages). */
export function adSyntaxPairs(): readonly string[] {
  return Object.keys(AD_SYNTAXES);
}

/** Every LDAP syntax OID an AD attribute type can have. */
export const AD_LDAP_SYNTAXES: ReadonlySet<string> = new Set(Object.values(AD_SYNTAXES).map((s) => s.ldap));
