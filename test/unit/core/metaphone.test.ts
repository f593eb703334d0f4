import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metaphone } from '../../../src/core/metaphone.js';

/**
 * Codes as slapd 2.5.13 computes them (servers/slapd/phonetic.c built on its own and fed these
 * words; the matching consequences are checked against a running slapd in
 * test/interop/approximate-match.test.ts).
 */
const MEASURED: readonly (readonly [string, string])[] = [
  ['bob', 'B'],
  ['User0001', 'USR'],
  ['knight', 'NKT'],
  ['gnome', 'NM'],
  ['pneumonia', 'NMN'],
  ['aeon', 'EN'],
  ['wright', 'RKT'],
  ['white', 'WT'],
  ['xavier', 'SFR'],
  ['axle', 'AKS'],
  ['taxi', 'TKS'],
  ['thomas', '0MS'],
  ['schmidt', 'SKMT'],
  ['christ', 'KRST'],
  ['church', 'XRX'],
  ['science', 'SNS'],
  ['scene', 'SN'],
  ['chemistry', 'XMST'],
  ['acid', 'AST'],
  ['scissors', 'SSRS'],
  ['ciao', 'X'],
  ['judge', 'JJ'],
  ['edge', 'EJ'],
  ['ghost', 'KST'],
  ['laugh', 'LK'],
  ['Hugh', 'HK'],
  ['dumb', 'TM'],
  ['lamb', 'LM'],
  ['bomb', 'M'],
  ['ebb', 'E'],
  ['philip', 'FLP'],
  ['physics', 'FSKS'],
  ['quick', 'KK'],
  ['quiche', 'KX'],
  ['sugar', 'SKR'],
  ['mission', 'MSN'],
  ['nation', 'NXN'],
  ['martian', 'MRXN'],
  ['patch', 'PX'],
  ['watch', 'WX'],
  ['thumb', '0M'],
  ['victor', 'FKTR'],
  ['yellow', 'YL'],
  ['yay', 'Y'],
  ['wow', 'W'],
  ['zebra', 'SR'],
  ['ocean', 'OSN'],
  ['caesar', 'KSR'],
  ['accept', 'AKSP'],
  ['Accident', 'AKST'],
  ['mcgregor', 'MKKR'],
  ['signed', 'SNT'],
  ['sign', 'SKN'],
  ['agnes', 'AKNS'],
  ['gnaw', 'N'],
  ['lodge', 'LJ'],
  ['ledger', 'LJR'],
  ['gem', 'GM'],
  ['gentle', 'GNTL'],
  ['giggle', 'KKL'],
  ['tough', 'TK'],
  ['Smith', 'SM0'],
  ['Smyth', 'SM0'],
  ['Muller', 'MLR'],
  ['Mueller', 'MLR'],
  ['alice', 'ALS'],
  ['alyce', 'ALS'],
  ['Liddell', 'LTL'],
  ['Builder', 'LTR'],
  ['Locked', 'LKT'],
  ['Lou', 'L'],
  ["o'brien", 'O'],
  ['jean-luc', 'JN'],
  ['1234', ''],
  ['', ''],
  ['x', 'S'],
  ['ax', 'AKS'],
  ['a b', 'A'],
  ['abcdefghijklmnopqrstuvwxyzabcdefghijkl', 'AKTF'],
  ['kk', 'K'],
  ['cc', 'KK'],
  ['ssh', 'S'],
];

describe('metaphone', () => {
  it.each(MEASURED)('%j codes as %j (slapd 2.5)', (word, code) => {
    expect(metaphone(word)).toBe(code);
  });

  it('ignores case', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]{0,12}$/), (word) => {
        expect(metaphone(word.toUpperCase())).toBe(metaphone(word.toLowerCase()));
      }),
    );
  });

  it('gives at most four characters, each an upper-case letter or 0', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (word) => {
        expect(metaphone(word)).toMatch(/^[A-Z0]{0,4}$/);
      }),
    );
  });

  it('reads a word up to a space, punctuation, a digit or a non-ASCII character', () => {
    for (const end of [' ', '\t', '.', '-', "'", '@', '7', 'é', '\0'])
      expect(metaphone(`thomas${end}ghost`)).toBe('0MS');
  });

  it('skips control characters inside a word', () => {
    expect(metaphone('tho\x01mas')).toBe('0MS');
  });

  it('reads at most 31 letters', () => {
    // The 32nd letter would make the final B count; slapd never sees it.
    expect(metaphone(`${'a'.repeat(31)}b`)).toBe('A');
    expect(metaphone(`${'a'.repeat(30)}b`)).toBe('AB');
  });
});
