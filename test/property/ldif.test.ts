import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ldifRecords } from '../../src/conformance/arbitraries/ldif.js';
import { type LdifRecord, type LdifValue, ldifValueToBuffer } from '../../src/core/ldif.js';
import { readLdif } from '../../src/core/ldif-reader.js';
import { writeLdif } from '../../src/core/ldif-writer.js';

const hex = (value: LdifValue): string => ldifValueToBuffer(value).toString('hex');

/**
 * A record by meaning: values as hex octets (a Buffer of safe text comes back as a string), no
 * `line` (a generated record has none), an absent `newSuperior` as null.
 */
function comparable(record: LdifRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: record.kind, dn: record.dn };
  if (record.kind !== 'content') {
    out['controls'] = record.controls.map((c) => ({
      oid: c.oid,
      critical: c.critical,
      value: c.value === undefined ? null : hex(c.value),
    }));
  }
  switch (record.kind) {
    case 'content':
    case 'add':
      out['attributes'] = record.attributes.map((a) => ({ type: a.type, values: a.values.map(hex) }));
      break;
    case 'modify':
      out['changes'] = record.changes.map((c) => ({
        operation: c.operation,
        type: c.type,
        values: c.values.map(hex),
      }));
      break;
    case 'modrdn':
      out['newRdn'] = record.newRdn;
      out['deleteOldRdn'] = record.deleteOldRdn;
      out['newSuperior'] = record.newSuperior ?? null;
      break;
    case 'delete':
      break;
  }
  return out;
}

describe('writeLdif then readLdif gives the records back', () => {
  for (const foldWidth of [0, 76, 10]) {
    test.prop([ldifRecords()], { numRuns: 300 })(`foldWidth ${foldWidth}`, (records) => {
      const text = writeLdif(records, { foldWidth });
      const result = readLdif(text);
      expect(result.errors.map((e) => e.message)).toEqual([]);
      expect(result.records.map(comparable)).toEqual(records.map(comparable));

      // The writer's output is ASCII, and folded to the width asked for.
      expect(/^[\x01-\x7f]*$/.test(text)).toBe(true);
      const physical = text.split('\n');
      if (foldWidth > 0) expect(physical.filter((l) => l.length > foldWidth)).toEqual([]);
      // Each record's `line` is the physical line of its `dn:`.
      for (const record of result.records) expect(physical[record.line - 1]?.startsWith('dn:')).toBe(true);
    });
  }

  test.prop([ldifRecords(), fc.integer({ min: 2, max: 120 }), fc.boolean()], { numRuns: 300 })(
    'any fold width, CRLF line ends and a version line read the same',
    (records, foldWidth, version) => {
      const text = writeLdif(records, { foldWidth, version }).replaceAll('\n', '\r\n');
      const result = readLdif(text);
      expect(result.errors.map((e) => e.message)).toEqual([]);
      expect(result.version).toBe(version ? 1 : undefined);
      expect(result.records.map(comparable)).toEqual(records.map(comparable));
    },
  );
});
