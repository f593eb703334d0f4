/**
 * A bootstrap file parted into its cn=config records and its data (partConfigRecords) holds, read
 * as LDIF, exactly the records of each kind, each at the line it has in the file — whatever the
 * mix, the line endings, the comments, and however the DNs are written (folded, base64).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { readLdif } from '../../src/core/ldif-reader.js';
import { partConfigRecords } from '../../src/server/bootstrap/config-records.js';

interface Written {
  readonly dn: string;
  readonly config: boolean;
  readonly lines: readonly string[];
}

const CONFIG_DNS = ['cn=config', 'olcDatabase={1}mdb,cn=config', 'cn={0}core,cn=schema,cn=config'];
const DATA_DNS = [
  'dc=example,dc=org',
  'ou=people,dc=example,dc=org',
  'cn=Zoë Config,ou=people,dc=example,dc=org',
];

/** The DN line(s) as a file may write them: plain, folded, or base64 (which folds too). */
function dnLines(dn: string, form: 'plain' | 'folded' | 'base64'): string[] {
  if (form === 'plain') return [`dn: ${dn}`];
  const [head, text] = form === 'folded' ? ['dn: ', dn] : ['dn:: ', Buffer.from(dn).toString('base64')];
  const cut = Math.max(1, Math.floor(text.length / 2));
  return [`${head}${text.slice(0, cut)}`, ` ${text.slice(cut)}`];
}

const record = fc
  .record({
    config: fc.boolean(),
    which: fc.nat(2),
    form: fc.constantFrom('plain', 'folded', 'base64' as const),
    comment: fc.boolean(),
    value: fc.stringMatching(/^[a-z0-9 ]{0,30}$/),
  })
  .map(({ config, which, form, comment, value }): Written => {
    const dn = (config ? CONFIG_DNS : DATA_DNS)[which]!;
    const body = config
      ? ['changetype: modify', 'replace: olcSizeLimit', `olcSizeLimit: ${value.length}`]
      : ['objectClass: top', `description: x${value}`];
    return { dn, config, lines: [...(comment ? ['# a comment'] : []), ...dnLines(dn, form), ...body] };
  });

const file = fc.record({
  version: fc.boolean(),
  records: fc.array(fc.tuple(record, fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 8 }),
  crlf: fc.boolean(),
});

describe('partConfigRecords', () => {
  test.prop([file], { numRuns: 500 })('each part holds its records, at their lines', (given) => {
    const lines: string[] = given.version ? ['version: 1'] : [];
    const expected: { dn: string; config: boolean; line: number }[] = [];
    for (const [written, blanks] of given.records) {
      if (lines.length > 0) lines.push(...Array<string>(blanks).fill(''));
      const dnAt = lines.length + written.lines.findIndex((l) => l.startsWith('dn')) + 1;
      expected.push({ dn: written.dn, config: written.config, line: dnAt });
      lines.push(...written.lines);
    }
    const text = lines.join(given.crlf ? '\r\n' : '\n');
    const parted = partConfigRecords(text);
    const data = readLdif(parted.data);
    const config = parted.config === undefined ? { records: [], errors: [] } : readLdif(parted.config);
    expect([...data.errors, ...config.errors]).toEqual([]);
    const of = (records: readonly { dn: string; line: number }[]) =>
      records.map(({ dn, line }) => ({ dn, line }));
    const want = (config: boolean) =>
      expected.filter((e) => e.config === config).map(({ dn, line }) => ({ dn, line }));
    expect(of(data.records)).toEqual(want(false));
    expect(of(config.records)).toEqual(want(true));
    expect(parted.dataDNs).toEqual(want(false).map((e) => e.dn));
    // Every line where it was: errors in either part name the file's own lines.
    expect(parted.data.split('\n')).toHaveLength(text.split('\n').length);
    if (parted.config !== undefined) expect(parted.config.split('\n')).toHaveLength(text.split('\n').length);
  });

  test('a file without cn=config records is its own data, untouched', () => {
    const text = 'dn: dc=example,dc=org\nobjectClass: top\n';
    expect(partConfigRecords(text)).toEqual({
      config: undefined,
      data: text,
      dataDNs: ['dc=example,dc=org'],
    });
  });
});
