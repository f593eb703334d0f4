/** go-ldap's wording of result codes, which OpenBao passes on to its clients. */
import { goQuote } from './go-quote.js';

/** go-ldap's names for result codes (its LDAPResultCodeMap), as they appear in OpenBao's texts. */
const RESULT_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'Success'],
  [1, 'Operations Error'],
  [2, 'Protocol Error'],
  [3, 'Time Limit Exceeded'],
  [4, 'Size Limit Exceeded'],
  [5, 'Compare False'],
  [6, 'Compare True'],
  [7, 'Auth Method Not Supported'],
  [8, 'Strong Auth Required'],
  [10, 'Referral'],
  [11, 'Admin Limit Exceeded'],
  [12, 'Unavailable Critical Extension'],
  [13, 'Confidentiality Required'],
  [14, 'Sasl Bind In Progress'],
  [16, 'No Such Attribute'],
  [17, 'Undefined Attribute Type'],
  [18, 'Inappropriate Matching'],
  [19, 'Constraint Violation'],
  [20, 'Attribute Or Value Exists'],
  [21, 'Invalid Attribute Syntax'],
  [32, 'No Such Object'],
  [33, 'Alias Problem'],
  [34, 'Invalid DN Syntax'],
  [36, 'Alias Dereferencing Problem'],
  [48, 'Inappropriate Authentication'],
  [49, 'Invalid Credentials'],
  [50, 'Insufficient Access Rights'],
  [51, 'Busy'],
  [52, 'Unavailable'],
  [53, 'Unwilling To Perform'],
  [54, 'Loop Detect'],
  [64, 'Naming Violation'],
  [65, 'Object Class Violation'],
  [66, 'Not Allowed On Non Leaf'],
  [67, 'Not Allowed On RDN'],
  [68, 'Entry Already Exists'],
  [69, 'Object Class Mods Prohibited'],
  [71, 'Affects Multiple DSAs'],
  [80, 'Other'],
  [200, 'Network Error'],
  [201, 'Filter Compile Error'],
  [202, 'Filter Decompile Error'],
  [203, 'Debugging Error'],
  [204, 'Unexpected Message'],
  [205, 'Unexpected Response'],
]);

/** go-ldap's name of a result code (`49` → `Invalid Credentials`); `""` for codes it does not name. */
export function goLdapResultName(code: number): string {
  return RESULT_NAMES.get(code) ?? '';
}

/** go-ldap's error text: `LDAP Result Code 49 "Invalid Credentials": <diagnostic>`. */
export function goLdapErrorText(code: number, diagnosticMessage: string): string {
  return `LDAP Result Code ${code} ${goQuote(goLdapResultName(code))}: ${diagnosticMessage}`;
}

/**
 * Removes what ldapts adds to a server's diagnostic message (` Code: 0x31` at the end) and the
 * trailing NUL / newline Active Directory puts there, leaving the server's text.
 */
export function cleanDiagnosticMessage(message: string): string {
  let text = message;
  const at = text.lastIndexOf(' Code: 0x');
  if (at >= 0) {
    const hex = text.slice(at + ' Code: 0x'.length);
    let allHex = hex.length > 0;
    for (let i = 0; i < hex.length && allHex; i++) {
      const c = hex.charCodeAt(i) | 0x20;
      allHex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);
    }
    if (allHex) text = text.slice(0, at);
  }
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 0 && c !== 0x0a && c !== 0x0d && c !== 0x20) break;
    end--;
  }
  return text.slice(0, end);
}
