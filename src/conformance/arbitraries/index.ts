/**
 * ldapmock/arbitraries: fast-check arbitraries for property tests of LDAP login code — hostile
 * user names, DN and filter values, LDIF records, and random directories (with the LDIF and the
 * OpenBao configuration that set them up on the mock). Needs fast-check installed.
 */

export { groupDN, userDN } from '../oracle/layout.js';
export {
  directoryConfig,
  directoryLdif,
  directoryModel,
  directoryPolicyMappings,
  type RandomDirectoryOptions,
} from './directory.js';
export {
  attributeType,
  ava,
  dnAttributeValue,
  dnRdns,
  guidString,
  hostileUsername,
  rdn,
  sidString,
} from './dn.js';
export { attributeDescription, filterAst, filterValue } from './filter.js';
export {
  ldifAttributeType,
  ldifBinaryValue,
  ldifControl,
  ldifDn,
  ldifHostileText,
  ldifRecord,
  ldifRecords,
  ldifValue,
} from './ldif.js';
