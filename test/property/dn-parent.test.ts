/**
 * A directory keys each entry's parent by cutting the entry's own normalised DN after its first
 * RDN (normalizedParent): the same key as normalising the parent's DN, for any DN, whether
 * normalised alone (normalizeDN) or with the schema's type names (a directory's key).
 */
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { dnRdns } from '../../src/conformance/arbitraries/dn.js';
import { formatDN } from '../../src/core/dn-format.js';
import { normalizeDN, normalizedParent } from '../../src/core/dn-normalize.js';
import { normalizeEntryDN } from '../../src/server/directory/entry-keys.js';
import { emptyDirectory } from '../../src/server/load-directory.js';
import { openldapProfile } from '../../src/server/profiles/openldap.js';

const schema = emptyDirectory(openldapProfile).schema;

describe('normalizedParent', () => {
  test.prop([dnRdns()], { numRuns: 1000 })('is the normalised DN of the parent', (rdns) => {
    const ndn = normalizeEntryDN(schema, formatDN(rdns));
    const parent = rdns.length > 1 ? normalizeEntryDN(schema, formatDN(rdns.slice(1))) : '';
    expect(normalizedParent(ndn)).toBe(parent);
    expect(normalizedParent(normalizeDN(formatDN(rdns)))).toBe(
      rdns.length > 1 ? normalizeDN(formatDN(rdns.slice(1))) : '',
    );
  });

  test('an escaped comma is part of a value, not a separator', () => {
    expect(normalizedParent(normalizeEntryDN(schema, 'cn=Smith\\, John,ou=People,dc=example,dc=org'))).toBe(
      'ou=people,dc=example,dc=org',
    );
    expect(normalizedParent(normalizeEntryDN(schema, 'cn=a\\\\,dc=org'))).toBe('dc=org');
  });
});
