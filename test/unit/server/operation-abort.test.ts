import { describe, expect, it } from 'vitest';
import { OperationAbort } from '../../../src/server/operation-abort.js';

describe('OperationAbort', () => {
  it('is a flag until someone asks for a signal, which then follows it', () => {
    const abort = new OperationAbort();
    const signal = abort.signal();
    expect(abort.signal()).toBe(signal);
    expect([abort.aborted, signal.aborted]).toStrictEqual([false, false]);
    abort.abort();
    expect([abort.aborted, signal.aborted]).toStrictEqual([true, true]);
  });

  it('a signal asked for after the abort is already aborted', () => {
    const abort = new OperationAbort();
    abort.abort();
    expect(abort.signal().aborted).toBe(true);
  });

  it('a child follows its parent, born aborted if the parent is; aborting a child leaves the parent alone', () => {
    const parent = new OperationAbort();
    const child = parent.child();
    const other = parent.child();
    child.abort();
    expect([parent.aborted, child.aborted, other.aborted]).toStrictEqual([false, true, false]);
    parent.abort();
    expect(other.aborted).toBe(true);
    expect(parent.child().aborted).toBe(true);
  });
});
