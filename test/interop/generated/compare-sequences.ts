/**
 * Compares two servers' observations of one generated sequence, operation by operation, after the
 * intended deviations (deviations.ts); the differences read like the hand probes' diffs.
 */
import { diffObservations } from '../observation-diff.js';
import type { Step } from '../probe.js';
import { applyDeviations, type Deviation } from './deviations.js';
import type { Operation } from './operation.js';

export interface SequenceComparison {
  readonly operations: number;
  readonly matched: number;
  /** Readable differences, each naming its step; empty when the sequence matches. */
  readonly differences: readonly string[];
  /** Ids of the deviations applied to this sequence's observations. */
  readonly deviationsApplied: ReadonlySet<string>;
}

export function compareSequences(
  ops: readonly Operation[],
  left: readonly Step[],
  right: readonly Step[],
  names: { readonly left: string; readonly right: string },
  deviations: readonly Deviation[],
): SequenceComparison {
  const differences: string[] = [];
  const applied = new Set<string>();
  let matched = 0;
  for (const [i, op] of ops.entries()) {
    const a = left[i];
    const b = right[i];
    if (a === undefined || b === undefined) {
      differences.push(`step ${i}: not recorded on ${a === undefined ? names.left : names.right}`);
      continue;
    }
    const covering = deviations.find((d) => d.covers?.(op, a.observed, b.observed));
    if (covering) {
      applied.add(covering.id);
      matched++;
      continue;
    }
    const leftObserved = applyDeviations(deviations, op, a.observed);
    const rightObserved = applyDeviations(deviations, op, b.observed);
    for (const id of [...leftObserved.applied, ...rightObserved.applied]) applied.add(id);
    const lines = diffObservations(leftObserved.observed, rightObserved.observed, names);
    if (lines.length === 0) matched++;
    else differences.push(`step "${a.label}"`, ...lines.map((line) => `    ${line}`));
  }
  return { operations: ops.length, matched, differences, deviationsApplied: applied };
}
