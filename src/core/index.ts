/** The pure LDAP building blocks, shared by the server and the client: no I/O. */

export { DNSyntaxError, escapeDNValue, escapeDNValueOpenBao, unescapeDNValue } from './dn-escape.js';
export { formatDN } from './dn-format.js';
export { isDescendantOrSelf, parentDN } from './dn-hierarchy.js';
export { dnEquals, normalizeDN } from './dn-normalize.js';
export { type AVA, parseDN, type RDN } from './dn-parse.js';
export { adDn, dn } from './dn-template.js';
export type * from './filter-ast.js';
export { escapeFilterValue, FilterSyntaxError, unescapeFilterValue } from './filter-escape.js';
export { formatFilter } from './filter-format.js';
export { parseFilter } from './filter-parse.js';
export { filter } from './filter-template.js';
export { decodeGuid, encodeGuid } from './guid.js';
export * from './ldif.js';
export { parseLdif, readLdif } from './ldif-reader.js';
export { writeLdif } from './ldif-writer.js';
export { LdapResultError, ResultCode, resultCodeName } from './result-code.js';
export { decodeSid, encodeSid, sidRid } from './sid.js';
