import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../../src/core/bounded-memo.js';

describe('BoundedMemo', () => {
  it('computes each key once, remembering falsy answers too', () => {
    const calls: string[] = [];
    const memo = new BoundedMemo<boolean>();
    const fits = (key: string) => {
      calls.push(key);
      return key.startsWith('a');
    };
    expect([
      memo.get('a1', fits),
      memo.get('b1', fits),
      memo.get('a1', fits),
      memo.get('b1', fits),
    ]).toStrictEqual([true, false, true, false]);
    expect(calls).toStrictEqual(['a1', 'b1']);
  });

  it('does not remember a computation that throws', () => {
    const memo = new BoundedMemo<string>();
    let attempts = 0;
    const failing = () => {
      attempts++;
      throw new Error('invalid DN');
    };
    expect(() => memo.get('x', failing)).toThrow('invalid DN');
    expect(() => memo.get('x', failing)).toThrow('invalid DN');
    expect(attempts).toBe(2);
  });

  it('holds at most `capacity` keys: past it, it starts over', () => {
    const memo = new BoundedMemo<number>(2);
    let calls = 0;
    const length = (key: string) => {
      calls++;
      return key.length;
    };
    for (const key of ['a', 'bb', 'ccc', 'a']) memo.get(key, length);
    // 'ccc' cleared the memo, so 'a' was computed again.
    expect(calls).toBe(4);
    memo.get('a', length);
    expect(calls).toBe(4);
  });

  it('answers a key longer than 4,096 characters without keeping it; a remembered answer serves as computed', () => {
    const memo = new BoundedMemo<number>();
    let calls = 0;
    const length = (key: string) => {
      calls++;
      return key.length;
    };
    const long = 'x'.repeat(4097);
    expect(memo.get(long, length)).toBe(4097);
    expect(memo.get(long, length)).toBe(4097);
    expect(calls).toBe(2);
    memo.remember('given', 42);
    expect(memo.get('given', length)).toBe(42);
    expect(calls).toBe(2);
  });
});
