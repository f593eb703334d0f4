import { describe, expect, it } from 'vitest';
import { OutputBatch } from '../../../src/server/wire/output-batch.js';

describe('OutputBatch', () => {
  it('writes what it holds in one call, in order, and nothing when empty', () => {
    const writes: Buffer[][] = [];
    const batch = new OutputBatch((pdus) => writes.push([...pdus]));
    batch.flush();
    batch.add(Buffer.from('a'));
    batch.add(Buffer.from('b'));
    batch.flush();
    batch.flush();
    expect(writes.map((w) => w.map(String))).toStrictEqual([['a', 'b']]);
  });

  it('flushes as soon as it holds highWater bytes, so it never holds more', () => {
    const writes: string[][] = [];
    const batch = new OutputBatch((pdus) => writes.push(pdus.map(String)), 4);
    for (const text of ['ab', 'cd', 'e', 'fghij', 'k']) batch.add(Buffer.from(text));
    expect(writes).toStrictEqual([
      ['ab', 'cd'],
      ['e', 'fghij'],
    ]);
    batch.flush();
    expect(writes.at(-1)).toStrictEqual(['k']);
  });
});
