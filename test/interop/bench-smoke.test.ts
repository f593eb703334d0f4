/**
 * The benchmark in seconds, for CI: the mock in its own process against real slapd in the same
 * run, 16 clients binding and searching, throughput and each server's CPU per operation. It prints
 * the ratios and fails only on a gross regression: a ratio below half of the one the last full
 * `npm run bench` recorded (bench/baseline.json). Ratios, never absolute times, so a slow or busy
 * machine cannot fail it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ratios, ratios, readBaseline } from '../../bench/baseline.js';
import { type MockProcess, startMockProcess } from '../../bench/mock-process.js';
import { DEFAULT_FIXTURE } from '../../bench/paths.js';
import { type Slapd, startSlapd, stopAllSlapd } from '../../bench/slapd.js';
import { measureRun, type Workload } from '../../bench/throughput.js';
import { bindWorkload, searchWorkload, spread } from '../../bench/workloads.js';

const alice = { dn: 'uid=alice,ou=people,dc=example,dc=org', password: 'alice-password' };
const RUN_MS = Number(process.env['BENCH_SMOKE_MS'] ?? 1500);
const workloads: Record<'bind' | 'search', Workload> = {
  bind: bindWorkload(alice),
  search: searchWorkload(alice, {
    name: 'search',
    base: 'dc=example,dc=org',
    filter: (i) => `(uid=bulk${String(spread(i, 600)).padStart(4, '0')})`,
    attributes: ['cn', 'mail'],
    expect: () => 1,
  }),
};

let slapd: Slapd;
let mock: MockProcess;

beforeAll(async () => {
  // The built CLI is what runs in its own process; the global setup has just built it.
  [slapd, mock] = await Promise.all([startSlapd(DEFAULT_FIXTURE, 120_000), startMockProcess({}, 60_000)]);
}, 180_000);
afterAll(async () => {
  await mock?.stop();
  await stopAllSlapd();
});

/** One short run each, after a warm-up, one server at a time (they share the two cores). */
async function measure(workload: Workload): Promise<Ratios> {
  const run = async (url: string, pid: number) => {
    await measureRun(url, workload, 16, RUN_MS / 3);
    return measureRun(url, workload, 16, RUN_MS, pid);
  };
  const onSlapd = await run(slapd.url, slapd.pid);
  const onMock = await run(mock.url, mock.pid);
  const measured = ratios(onMock, onSlapd);
  if (!measured) throw new Error('a server CPU time was not measured');
  return measured;
}

describe('benchmark smoke: the mock against slapd, as ratios', () => {
  for (const name of ['bind', 'search'] as const) {
    it(`${name}, 16 clients: within half of the recorded ratios`, async () => {
      const recorded = readBaseline()[name];
      const now = await measure(workloads[name]);
      process.stdout.write(
        `bench smoke ${name}: throughput ${now.throughput.toFixed(2)}× slapd (recorded ${recorded.throughput.toFixed(2)}×), ` +
          `slapd CPU per operation ÷ mock's ${now.cpu.toFixed(2)} (recorded ${recorded.cpu.toFixed(2)})\n`,
      );
      expect(now.throughput).toBeGreaterThan(recorded.throughput / 2);
      expect(now.cpu).toBeGreaterThan(recorded.cpu / 2);
    }, 60_000);
  }
});
