/** The pure LDAP building blocks, shared by the server and the client: no I/O. */
export {
  type AVA,
  DNSyntaxError,
  dnEquals,
  formatDN,
  isDescendantOrSelf,
  normalizeDN,
  parentDN,
  parseDN,
  type RDN,
} from './dn.js';
export { escapeDNValue, escapeDNValueOpenBao, unescapeDNValue } from './dn-escape.js';
export { adDn, dn } from './dn-template.js';
export { FilterSyntaxError, formatFilter, parseFilter } from './filter.js';
export type * from './filter-ast.js';
export { escapeFilterValue, unescapeFilterValue } from './filter-escape.js';
export { filter } from './filter-template.js';
export { decodeGuid, encodeGuid } from './guid.js';
export * from './ldif.js';
export { parseLdif, readLdif } from './ldif-reader.js';
export { writeLdif } from './ldif-writer.js';
export { LdapResultError, ResultCode, resultCodeName } from './result-code.js';
export { decodeSid, encodeSid, sidRid } from './sid.js';
