/**
 * The ratios a full `npm run bench` recorded (bench/baseline.json), which the CI smoke
 * (test/interop/bench-smoke.test.ts) holds a short run against: mock in its own process vs slapd,
 * 16 clients, throughput and the server's CPU per operation. Ratios, never absolute times, so a
 * slower or busier machine cannot fail CI; only a gross regression (below half) does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './paths.js';
import type { ThroughputRow } from './report.js';
import type { RunResult } from './throughput.js';

export interface Ratios {
  /** mock ops/s ÷ slapd ops/s. */
  readonly throughput: number;
  /** slapd CPU per operation ÷ mock CPU per operation (above 1: the mock spends less). */
  readonly cpu: number;
}

export type Baseline = Readonly<Record<'bind' | 'search', Ratios>>;

const FILE = join(BENCH_DIR, 'baseline.json');

type Measured = Pick<RunResult, 'perSecond' | 'serverMicrosPerOp'>;

/** The mock's figures against slapd's; undefined when a server's CPU time was not measured. */
export function ratios(mock: Measured | undefined, slapd: Measured | undefined): Ratios | undefined {
  if (!mock?.serverMicrosPerOp || !slapd?.serverMicrosPerOp) return undefined;
  return {
    throughput: mock.perSecond / slapd.perSecond,
    cpu: slapd.serverMicrosPerOp / mock.serverMicrosPerOp,
  };
}

function ratiosOf(row: ThroughputRow | undefined): Ratios | undefined {
  return ratios(row?.cells['mock, child process'], row?.cells.slapd);
}

export function writeBaseline(rows: readonly ThroughputRow[]): void {
  const at16 = (operation: string) =>
    ratiosOf(rows.find((r) => r.operation === operation && r.concurrency === 16));
  const bind = at16('bind');
  const search = at16('search');
  if (!bind || !search)
    throw new Error('the run has no bind and search cells at 16 clients for the baseline');
  writeFileSync(FILE, `${JSON.stringify({ bind, search } satisfies Baseline, null, 2)}\n`);
}

export function readBaseline(): Baseline {
  return JSON.parse(readFileSync(FILE, 'utf8')) as Baseline;
}
