// cn=config's ordered values under a modify, as slapd 2.5 applied them to olcAccess (measured with
// ldapmodify over ldapi, then read back): replace orders by {N}, add inserts at {N} or appends,
// delete takes an index, a value, or everything.
import { describe, expect, it } from 'vitest';
import {
  addOrdered,
  deleteOrdered,
  orderedValue,
  replaceOrdered,
} from '../../../src/server/bootstrap/ordered-values.js';

const same = (text: string) => text;

describe('ordered values', () => {
  it('splits off the {N} prefix', () => {
    expect(orderedValue('{12}to * by * read')).toEqual({ index: 12, text: 'to * by * read' });
    expect(orderedValue('to * by * read')).toEqual({ text: 'to * by * read' });
  });

  it('replace: {1}b, {0}a, c → a, b, c', () => {
    expect(replaceOrdered(['{1}b', '{0}a', 'c'], same)).toEqual(['a', 'b', 'c']);
  });

  it('add: {1}x goes at 1, an unnumbered one and one past the end go last', () => {
    const list = ['a', 'b', 'c'];
    addOrdered(list, ['{1}x', 'y', '{9}z'], same);
    expect(list).toEqual(['a', 'x', 'b', 'c', 'y', 'z']);
  });

  it('delete: {0} alone is the first; a value (case and spaces aside) is that one; none given is all', () => {
    const list = ['a', 'To  X', 'b'];
    expect(deleteOrdered(list, ['{0}'], same)).toBe(true);
    expect(list).toEqual(['To  X', 'b']);
    expect(deleteOrdered(list, ['to x'], same)).toBe(true);
    expect(list).toEqual(['b']);
    expect(deleteOrdered(list, ['{5}'], same)).toBe(false);
    expect(deleteOrdered(list, ['nothing'], same)).toBe(false);
    expect(deleteOrdered(list, [], same)).toBe(true);
    expect(list).toEqual([]);
  });
});
