/**
 * What a server started from a container's configuration (a bootstrap folder, a slapd.conf) needs,
 * in one module that startMockServer loads only then: one file for Node to find and read on
 * such a start, none on the others.
 */
export { readBootstrap } from './bootstrap-folder.js';
export { configuredProfile } from './configured-profile.js';
export { checkMemberOfSchema } from './member-of-schema.js';
export { readSlapdConf } from './slapd-conf.js';
