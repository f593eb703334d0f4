/**
 * Runs generated sequences against two servers until at least `minOperations` operations have run:
 * each sequence on both at once, both reset to their starting data afterwards, observations
 * compared. fast-check runs in chunks of `RUNS_PER_CHUNK` sequences seeded `seed`, `seed + 1`, …,
 * so a run is reproduced by its seed alone (GENERATED_SEED). A mismatch is shrunk by fast-check to
 * the shortest sequence that still differs; its error names the differences and carries an
 * ldap-utils script that reproduces it against both servers.
 */
import fc from 'fast-check';
import type { ProbeTarget } from '../probe.js';
import { compareSequences } from './compare-sequences.js';
import type { Deviation } from './deviations.js';
import { runSequence, stepLabel } from './execute.js';
import type { Operation } from './operation.js';
import { operationSequence } from './operation-arbitrary.js';
import { reproductionScript } from './reproduction-script.js';
import type { Vocabulary } from './vocabulary.js';

const RUNS_PER_CHUNK = 25;

/**
 * The seed of a run: GENERATED_SEED as given, a fresh one for `random`, else seed 1, so that CI
 * runs the same sequences every time and a red run is the mock's change, not a new draw (random
 * seeds still find rare differences: see the closing note).
 */
export function generatedSeed(given: string | undefined): number {
  if (given === 'random') return Math.floor(Math.random() * 2 ** 31);
  if (given === undefined || given === '') return 1;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed))
    throw new Error(`GENERATED_SEED must be an integer or "random", not ${given}`);
  return seed;
}

export interface GeneratedRunOptions {
  readonly reference: ProbeTarget;
  readonly mock: ProbeTarget;
  readonly vocabulary: Vocabulary;
  readonly deviations: readonly Deviation[];
  /** Puts each server back to its starting data after a sequence. */
  readonly resetReference: () => Promise<void>;
  readonly resetMock: () => Promise<void>;
  readonly seed: number;
  readonly minOperations: number;
  /** Longest generated tail of a sequence (after the optional set-up). */
  readonly maxLength: number;
  /** How to start the reproduction script's server (fixture, rootdn, …), as comment lines. */
  readonly scriptHeader: readonly string[];
  /**
   * Survey mode (GENERATED_SURVEY=1): record every differing sequence's differences and go on,
   * without shrinking; for finding many mismatches in one run while working on the mock.
   */
  readonly survey?: boolean;
}

export interface GeneratedReport {
  operations: number;
  sequences: number;
  matched: number;
  readonly deviationsApplied: Set<string>;
  /** Set when a sequence differed: the shrunk failure, with its script. */
  failure: string | undefined;
  /** Survey mode: the differences of every differing sequence. */
  readonly surveyed: string[][];
}

/** The summary line the issue asks for. */
export function summary(report: GeneratedReport): string {
  return `generated: ${report.operations} operations in ${report.sequences} sequences, ${report.matched} matched, deviations: [${[
    ...report.deviationsApplied,
  ].join(', ')}]`;
}

function failureMessage(
  ops: readonly Operation[],
  differences: readonly string[],
  reference: Awaited<ReturnType<typeof runSequence>>,
  options: GeneratedRunOptions,
): string {
  const script = reproductionScript(ops, reference, [
    `generated sequence of ${ops.length} operations (GENERATED_SEED=${options.seed})`,
    ...options.scriptHeader,
  ]);
  return [
    `${options.reference.name} and ${options.mock.name} differ on a generated sequence:`,
    ...differences,
    '',
    '--- reproduction script ---',
    script,
    '--- end of script ---',
  ].join('\n');
}

export async function runGenerated(options: GeneratedRunOptions): Promise<GeneratedReport> {
  const report: GeneratedReport = {
    operations: 0,
    sequences: 0,
    matched: 0,
    deviationsApplied: new Set(),
    failure: undefined,
    surveyed: [],
  };
  const names = { left: options.reference.name, right: options.mock.name };
  // After the first mismatch fast-check only shrinks: those runs are not counted.
  let shrinking = false;
  let resetFailed = false;
  const property = fc.asyncProperty(
    operationSequence(options.vocabulary, options.maxLength),
    async (ops: Operation[]) => {
      const [left, right] = await Promise.all([
        runSequence(options.reference, ops),
        runSequence(options.mock, ops),
      ]);
      const reset = async (name: string, action: () => Promise<void>) =>
        action().catch((error: unknown) => {
          const sequence = ops.map((op, i) => `  ${stepLabel(i, op)}`).join('\n');
          // Later runs inherit the broken state, so the first failure is the one to read.
          if (!resetFailed)
            process.stderr.write(`first reset failure (${name}):\n${sequence}\n${String(error)}\n`);
          resetFailed = true;
          throw new Error(`resetting ${name} after this sequence failed: ${String(error)}\n${sequence}`);
        });
      await Promise.all([
        reset(options.reference.name, options.resetReference),
        reset(options.mock.name, options.resetMock),
      ]);
      const comparison = compareSequences(ops, left, right, names, options.deviations);
      if (!shrinking) {
        report.sequences++;
        report.operations += comparison.operations;
        report.matched += comparison.matched;
        for (const id of comparison.deviationsApplied) report.deviationsApplied.add(id);
      }
      if (comparison.differences.length === 0) return;
      if (options.survey === true) {
        report.surveyed.push([
          ...comparison.differences,
          'sequence:',
          ...ops.map((op, i) => `  ${stepLabel(i, op)} → ${JSON.stringify(left[i]?.observed).slice(0, 200)}`),
        ]);
        return;
      }
      shrinking = true;
      const message = failureMessage(ops, comparison.differences, left, options);
      report.failure = message;
      throw new Error(message);
    },
  );
  for (let chunk = 0; report.operations < options.minOperations && report.failure === undefined; chunk++) {
    try {
      await fc.assert(property, { seed: options.seed + chunk, numRuns: RUNS_PER_CHUNK });
    } catch (error) {
      // fast-check's report names the shrunk counterexample; the last failure message is its.
      // The error of the shrunk run is fast-check's cause: a difference report, or a harness failure.
      const cause = (error as Error).cause;
      const detail =
        report.failure ?? (cause instanceof Error ? (cause.stack ?? cause.message) : String(cause));
      report.failure = `${(error as Error).message}\n\n${detail}`;
    }
  }
  return report;
}
