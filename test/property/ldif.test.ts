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

/** Lines that make up LDIF, valid or not, mixed with arbitrary text. */
const ldifishLine = fc.oneof(
  fc.constantFrom(
    'dn: cn=a,dc=x',
    'DN:: Y249YQ==',
    'cn: x',
    'cn;lang-en:  y ',
    'objectClass: top',
    '',
    '',
    ' folded',
    '-',
    '# comment',
    'version: 1',
    'changetype: add',
    'changetype: modify',
    'changetype: delete',
    'changetype: moddn',
    'add: cn',
    'replace: cn',
    'increment: n',
    'n: 1',
    'control: 1.2.3 true:: AA==',
    'newrdn: cn=b',
    'deleteoldrdn: 1',
    'newsuperior: dc=y',
    'photo:: AAEC',
    'photo:: ***',
    'photo:< file:///p',
    'no colon',
  ),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

test.prop([fc.array(ldifishLine, { maxLength: 40 }), fc.constantFrom('\n', '\r\n')], { numRuns: 300 })(
  'readLdif never throws, places every error and record on a real line, and what it reads writes back',
  (lines, newline) => {
    const text = lines.join(newline);
    // The reader skips a byte-order mark at the start; so does this check.
    const physical = text.replace(/^\uFEFF/, '').split('\n');
    const resolveUrl = (url: string) => {
      if (url === 'file:///p') return Buffer.from('photo');
      throw new Error('not found');
    };
    const result = readLdif(text, { resolveUrl });
    for (const error of result.errors) {
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.line).toBeLessThanOrEqual(physical.length);
      expect(error.message).toBe(`<ldif>:${error.line}: ${error.reason}`);
    }
    for (const record of result.records)
      expect(physical[record.line - 1]?.slice(0, 2).toLowerCase()).toBe('dn');
    const again = readLdif(writeLdif(result.records));
    expect(again.errors).toEqual([]);
    expect(again.records.map(comparable)).toEqual(result.records.map(comparable));
  },
);
