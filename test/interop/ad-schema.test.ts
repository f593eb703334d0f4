/**
 * fixtures/schema/ad.schema is generated from the AD schema Samba ships (Debian's
 * samba-ad-provision, installed by scripts/install-interop-deps.sh): it must equal what
 * scripts/gen-ad-schema.ts writes from the installed files, so that a hand edit, or a Samba
 * package whose schema changed, fails here. The published forms are compared with a running
 * Samba by the subschema probe of the differential suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderAdSchema, SAMBA_AD_SCHEMA } from '../../scripts/gen-ad-schema.js';

describe('AD schema data', () => {
  it('is exactly the generator output (regenerate with npx tsx scripts/gen-ad-schema.ts)', () => {
    expect(existsSync(SAMBA_AD_SCHEMA), `${SAMBA_AD_SCHEMA} missing: install samba-ad-provision`).toBe(true);
    const committed = readFileSync(new URL('../../fixtures/schema/ad.schema', import.meta.url), 'utf8');
    expect(
      committed === renderAdSchema(),
      'fixtures/schema/ad.schema differs from the generator output',
    ).toBe(true);
  });
});
