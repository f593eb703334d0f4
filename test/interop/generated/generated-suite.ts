/**
 * One generated differential suite: start the real server and the mock, take each one's starting
 * point, run at least GENERATED_OPERATIONS (≥ 2,000) generated operations from GENERATED_SEED
 * (seed 1 unless given; `random` explores) and require every observation to match. Prints the
 * seed and the summary line `generated: N operations in M sequences, N matched, deviations: […]`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../../src/server/index.js';
import type { ProbeTarget } from '../probe.js';
import type { ServerPair, Stoppable } from '../server-pair.js';
import type { Deviation } from './deviations.js';
import { generatedSeed, runGenerated, summary } from './generated-run.js';
import type { Vocabulary } from './vocabulary.js';

export interface GeneratedSuite<Reference extends Stoppable> {
  /** Shown in the seed line: "openldap", "samba". */
  readonly profile: string;
  readonly title: string;
  start(): Promise<ServerPair<Reference>>;
  referenceTarget(reference: Reference): ProbeTarget;
  mockTarget(mock: MockServer): ProbeTarget;
  /** Captures both starting points; the functions put each server back after a sequence. */
  resets(
    pair: ServerPair<Reference>,
  ): Promise<{ readonly reference: () => Promise<void>; readonly mock: () => Promise<void> }>;
  readonly vocabulary: Vocabulary;
  readonly deviations: readonly Deviation[];
  /** How to start the reproduction script's servers, as comment lines. */
  readonly scriptHeader: readonly string[];
  readonly timeoutMs: number;
}

const SEED = generatedSeed(process.env['GENERATED_SEED']);
const MIN_OPERATIONS = Math.max(2_000, Number(process.env['GENERATED_OPERATIONS'] ?? 2_000));

export function describeGenerated<Reference extends Stoppable>(suite: GeneratedSuite<Reference>): void {
  describe(suite.title, () => {
    let pair: ServerPair<Reference> | undefined;
    let resets: Awaited<ReturnType<GeneratedSuite<Reference>['resets']>> | undefined;

    beforeAll(async () => {
      pair = await suite.start();
      resets = await suite.resets(pair);
    });

    afterAll(() => pair?.stop());

    it(
      `matches on at least ${MIN_OPERATIONS} generated operations`,
      async () => {
        if (pair === undefined || resets === undefined) throw new Error('servers not started');
        process.stdout.write(
          `generated (${suite.profile}): seed ${SEED} (GENERATED_SEED=${SEED} reproduces this run)\n`,
        );
        const report = await runGenerated({
          reference: suite.referenceTarget(pair.reference),
          mock: suite.mockTarget(pair.mock),
          vocabulary: suite.vocabulary,
          deviations: suite.deviations,
          resetReference: resets.reference,
          resetMock: resets.mock,
          seed: SEED,
          minOperations: MIN_OPERATIONS,
          maxLength: 14,
          survey: process.env['GENERATED_SURVEY'] === '1',
          scriptHeader: suite.scriptHeader,
        });
        const line = summary(report);
        process.stdout.write(`${line}\n`);
        for (const differences of report.surveyed) process.stdout.write(`✗ ${differences.join('\n  ')}\n`);
        if (report.failure !== undefined) throw new Error(`${line}\n${report.failure}`);
        expect(report.matched).toBe(report.operations);
        expect(report.operations).toBeGreaterThanOrEqual(MIN_OPERATIONS);
      },
      suite.timeoutMs,
    );
  });
}
