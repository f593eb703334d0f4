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
import { readSchemaSource } from '../../src/core/schema-source.js';
import { Schema } from '../../src/server/directory/schema.js';
import { adSchema } from '../../src/server/directory/schema-ad.js';
import { extendSchema } from '../../src/server/directory/schema-extension.js';

describe('AD schema data', () => {
  it('is exactly the generator output (regenerate with npx tsx scripts/gen-ad-schema.ts)', () => {
    expect(existsSync(SAMBA_AD_SCHEMA), `${SAMBA_AD_SCHEMA} missing: install samba-ad-provision`).toBe(true);
    const committed = readFileSync(new URL('../../fixtures/schema/ad.schema', import.meta.url), 'utf8');
    expect(
      committed === renderAdSchema(),
      'fixtures/schema/ad.schema differs from the generator output',
    ).toBe(true);
  });

  // The --schema converter renders attributeSchema/classSchema objects as the generator does: Samba's
  // own schema files, loaded as an application's, find every definition already there, identical.
  it("Samba's 2012 R2 .ldf files load with --schema over the ad profile without a change", () => {
    const files = [
      'AD_DS_Attributes__Windows_Server_2012_R2.ldf',
      'AD_DS_Classes__Windows_Server_2012_R2.ldf',
    ];
    const loaded = new Schema(
      extendSchema(
        adSchema,
        files.map((file) => ({
          file,
          source: readSchemaSource(readFileSync(`${SAMBA_AD_SCHEMA}/${file}`), file),
        })),
      ),
    );
    const builtIn = new Schema(adSchema);
    expect(loaded.attributeTypeDescriptions()).toEqual(builtIn.attributeTypeDescriptions());
    expect(loaded.objectClassDescriptions()).toEqual(builtIn.objectClassDescriptions());
    expect(loaded.otherDescriptions()).toEqual(builtIn.otherDescriptions());
  });

  it("Windows Server 2016's .ldf files add its 25 new attribute types and 5 classes, in Samba's forms", () => {
    const files = ['AD_DS_Attributes__Windows_Server_2016.ldf', 'AD_DS_Classes__Windows_Server_2016.ldf'];
    const loaded = new Schema(
      extendSchema(
        adSchema,
        files.map((file) => ({
          file,
          source: readSchemaSource(readFileSync(`${SAMBA_AD_SCHEMA}/${file}`), file),
        })),
      ),
    );
    const builtIn = new Schema(adSchema);
    const added = (now: readonly string[], before: readonly string[]) =>
      now.filter((v) => !before.includes(v));
    expect(added(loaded.attributeTypeDescriptions(), builtIn.attributeTypeDescriptions())).toHaveLength(25);
    expect(added(loaded.objectClassDescriptions(), builtIn.objectClassDescriptions())).toHaveLength(5);
  });
});
