/**
 * fixtures/ad/default.ldif is generated: it must equal what scripts/gen-ad-fixture.ts writes, so a
 * hand edit (which Samba and the mock would then disagree about less visibly) fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BIG_GROUP_MEMBER_COUNT,
  BULK_USER_COUNT,
  DOMAIN_SID,
  NEXT_RID,
  renderAdFixture,
} from '../../scripts/gen-ad-fixture.js';
import { ldifValueToBuffer } from '../../src/core/ldif.js';
import { parseLdif } from '../../src/core/ldif-reader.js';
import { decodeSid } from '../../src/core/sid.js';
import { DEFAULT_AD_LDIF } from './samba.js';

describe('AD default fixture', () => {
  const committed = readFileSync(DEFAULT_AD_LDIF, 'utf8');
  const records = parseLdif(committed);

  function values(dn: string, attribute: string): Buffer[] {
    const record = records.find((r) => r.dn.toLowerCase() === dn.toLowerCase());
    if (record === undefined || !('attributes' in record)) throw new Error(`no content record ${dn}`);
    return record.attributes
      .filter((a) => a.type.toLowerCase() === attribute.toLowerCase())
      .flatMap((a) => a.values.map(ldifValueToBuffer));
  }

  it('is exactly the generator output (regenerate with npx tsx scripts/gen-ad-fixture.ts)', () => {
    expect(committed).toBe(renderAdFixture());
  });

  it('has more bulk users than MaxPageSize and a group above MaxValRange', () => {
    const bulkDNs = committed.match(/^dn: CN=bulk\d{4},OU=bulk,DC=corp,DC=example,DC=com$/gm) ?? [];
    expect(bulkDNs).toHaveLength(BULK_USER_COUNT);
    expect(BULK_USER_COUNT).toBeGreaterThan(1000);
    expect(values('CN=Big Group,CN=Users,DC=corp,DC=example,DC=com', 'member')).toHaveLength(
      BIG_GROUP_MEMBER_COUNT,
    );
    expect(BIG_GROUP_MEMBER_COUNT).toBeGreaterThan(1500);
  });

  it('gives every object a unique objectGUID and every principal a unique SID below the first free RID', () => {
    const guids = new Set<string>();
    const sids = new Set<string>();
    for (const record of records) {
      if (!('attributes' in record)) continue;
      for (const attribute of record.attributes) {
        const [value = Buffer.alloc(0)] = attribute.values.map(ldifValueToBuffer);
        if (attribute.type === 'objectGUID') {
          expect(value).toHaveLength(16);
          expect(guids.has(value.toString('hex')), `duplicate GUID on ${record.dn}`).toBe(false);
          guids.add(value.toString('hex'));
        }
        if (attribute.type === 'objectSid') {
          const sid = decodeSid(value);
          expect(sids.has(sid), `duplicate SID ${sid} on ${record.dn}`).toBe(false);
          sids.add(sid);
          if (sid.startsWith(`${DOMAIN_SID}-`)) expect(Number(sid.split('-').pop())).toBeLessThan(NEXT_RID);
        }
      }
    }
    expect(guids.size).toBe(records.length);
  });

  it('stores unicodePwd as AD takes it: the quoted password in UTF-16LE', () => {
    const [value] = values('CN=alice,CN=Users,DC=corp,DC=example,DC=com', 'unicodePwd');
    expect(value?.toString('utf16le')).toBe('"Alpha-Passw0rd!"');
  });
});
