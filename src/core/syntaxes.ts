/** OIDs of the RFC 4517 attribute syntaxes that the code (not just the schema data) relies on. */
export const SyntaxOid = {
  distinguishedName: '1.3.6.1.4.1.1466.115.121.1.12',
  directoryString: '1.3.6.1.4.1.1466.115.121.1.15',
  integer: '1.3.6.1.4.1.1466.115.121.1.27',
} as const;
