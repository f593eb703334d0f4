/**
 * A kept bootstrap entry (kept-bootstrap.ts) is JSON: what readBootstrap configures must come back
 * from a JSON round trip unchanged (the Buffers of olcAccess filters revived; no Set, Map, RegExp,
 * undefined or Infinity in it) for every test folder, olcAccess rules, limits, overlays and
 * authz-regexp included.
 */
import { describe, expect, it } from 'vitest';
import { readBootstrap } from '../../../src/server/bootstrap/bootstrap-folder.js';
import { reviveBuffers } from '../../../src/server/bootstrap/kept-bootstrap.js';

const folder = (name: string) => new URL(`../../fixtures/bootstrap/${name}`, import.meta.url).pathname;

describe('what a bootstrap folder configures', () => {
  it.each([
    ['access', { LDAP_BASE_DN: 'dc=acme,dc=com' }],
    ['limits', {}],
    ['osixia-style', { LDAP_DOMAIN: 'planetexpress.com' }],
    ['overlay-options', {}],
    ['rroemhild/config', {}],
  ])('%s survives being kept as JSON', (name, env) => {
    const { server, schema, notices, rootDN } = readBootstrap({ dirs: [folder(name)], env }, {});
    expect(Object.keys(server).length).toBeGreaterThan(0);
    const kept = { server, schema, notices, rootDN };
    expect(JSON.parse(JSON.stringify(kept), reviveBuffers)).toStrictEqual(kept);
  });
});
