/** LDAP result codes (RFC 4511 §4.1.9 and appendix A). */
export const ResultCode = {
  success: 0,
  operationsError: 1,
  protocolError: 2,
  timeLimitExceeded: 3,
  sizeLimitExceeded: 4,
  compareFalse: 5,
  compareTrue: 6,
  authMethodNotSupported: 7,
  strongerAuthRequired: 8,
  referral: 10,
  adminLimitExceeded: 11,
  unavailableCriticalExtension: 12,
  confidentialityRequired: 13,
  saslBindInProgress: 14,
  noSuchAttribute: 16,
  undefinedAttributeType: 17,
  inappropriateMatching: 18,
  constraintViolation: 19,
  attributeOrValueExists: 20,
  invalidAttributeSyntax: 21,
  noSuchObject: 32,
  aliasProblem: 33,
  invalidDNSyntax: 34,
  aliasDereferencingProblem: 36,
  inappropriateAuthentication: 48,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
  loopDetect: 54,
  namingViolation: 64,
  objectClassViolation: 65,
  notAllowedOnNonLeaf: 66,
  notAllowedOnRDN: 67,
  entryAlreadyExists: 68,
  objectClassModsProhibited: 69,
  affectsMultipleDSAs: 71,
  other: 80,
  // RFC 3909 (Cancel).
  canceled: 118,
  noSuchOperation: 119,
  tooLate: 120,
  cannotCancel: 121,
} as const;

export type ResultCodeName = keyof typeof ResultCode;

const names = new Map<number, ResultCodeName>(
  Object.entries(ResultCode).map(([name, code]) => [code, name as ResultCodeName]),
);

/** The RFC 4511 name of a result code, or `code N` for an unknown one. */
export function resultCodeName(code: number): string {
  return names.get(code) ?? `code ${code}`;
}

/**
 * An LDAP operation that ends with a non-success result. Thrown inside the server's layers and
 * turned into an LDAPResult by the wire layer, so a layer can stop an operation from any depth.
 */
export class LdapResultError extends Error {
  readonly code: number;
  readonly diagnosticMessage: string;
  readonly matchedDN: string;

  constructor(code: number, diagnosticMessage = '', matchedDN = '') {
    super(`${resultCodeName(code)} (${code})${diagnosticMessage ? `: ${diagnosticMessage}` : ''}`);
    this.name = 'LdapResultError';
    this.code = code;
    this.diagnosticMessage = diagnosticMessage;
    this.matchedDN = matchedDN;
  }
}
