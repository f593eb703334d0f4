/**
 * fixtures/openldap/default.ldif is generated: it must equal what scripts/gen-openldap-fixture.ts
 * writes, so a hand edit (which slapd and the mock would then disagree about less visibly) fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BULK_USER_COUNT, renderOpenldapFixture } from '../../scripts/gen-openldap-fixture.js';
import { DEFAULT_OPENLDAP_LDIF } from './slapd.js';

describe('openldap default fixture', () => {
  const committed = readFileSync(DEFAULT_OPENLDAP_LDIF, 'utf8');

  it('is exactly the generator output (regenerate with npx tsx scripts/gen-openldap-fixture.ts)', () => {
    expect(committed).toBe(renderOpenldapFixture());
  });

  it('has more bulk users than the 500-entry size limit', () => {
    const bulkDNs = committed.match(/^dn: uid=bulk\d{4},ou=bulk,dc=example,dc=org$/gm) ?? [];
    expect(bulkDNs).toHaveLength(BULK_USER_COUNT);
    expect(BULK_USER_COUNT).toBeGreaterThan(500);
  });
});
