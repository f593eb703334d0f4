/**
 * The load generator: N ldapts clients, each on its own connection, run one operation in a
 * closed loop (next request when the previous answer is in) until the deadline. Latency is
 * timed per operation; throughput is completed operations over the wall time of the run.
 */
import { Client } from 'ldapts';
import { cpuSeconds } from './server-cpu.js';
import { type LatencySummary, latencySummary, median } from './stats.js';

export interface Workload {
  readonly name: string;
  /** Once per client before timing starts (e.g. the one bind before searches). */
  prepare?(client: Client): Promise<void>;
  /** One timed operation; `i` counts this client's operations (to vary the request). */
  run(client: Client, i: number, url: string): Promise<void>;
}

export interface RunResult extends LatencySummary {
  readonly operations: number;
  readonly perSecond: number;
  /** The server's CPU time per operation (user + system), when its process is known. */
  readonly serverMicrosPerOp?: number;
}

export interface CellResult extends RunResult {
  readonly runs: readonly RunResult[];
}

/** Upper bound on operations per client and run, so no loop is unbounded even if time stalls. */
const maxOperationsPerClient = 2_000_000;

export async function measureRun(
  url: string,
  workload: Workload,
  concurrency: number,
  durationMs: number,
  serverPid?: number,
): Promise<RunResult> {
  const clients = Array.from({ length: concurrency }, () => new Client({ url, timeout: 30_000 }));
  try {
    for (const client of clients) await workload.prepare?.(client);
    const latencies: number[][] = clients.map(() => []);
    const started = performance.now();
    const deadline = started + durationMs;
    const cpuBefore = serverPid === undefined ? 0 : cpuSeconds(serverPid);
    await Promise.all(
      clients.map(async (client, c) => {
        const own = latencies[c]!;
        for (let i = 0; i < maxOperationsPerClient && performance.now() < deadline; i++) {
          const t = performance.now();
          await workload.run(client, i * concurrency + c, url);
          own.push(performance.now() - t);
        }
      }),
    );
    const elapsed = performance.now() - started;
    const all = Float64Array.from(latencies.flat());
    const cpu =
      serverPid === undefined ? undefined : ((cpuSeconds(serverPid) - cpuBefore) * 1e6) / all.length;
    return {
      operations: all.length,
      perSecond: (all.length * 1000) / elapsed,
      ...latencySummary(all),
      ...(cpu !== undefined && { serverMicrosPerOp: cpu }),
    };
  } finally {
    await Promise.allSettled(clients.map((client) => client.unbind()));
  }
}

/** Median of `runs` runs, throughput and each percentile taken separately; a short warm-up first. */
export async function measureCell(
  url: string,
  workload: Workload,
  concurrency: number,
  options: { readonly runs: number; readonly runMs: number; readonly warmupMs: number },
  serverPid?: number,
): Promise<CellResult> {
  await measureRun(url, workload, concurrency, options.warmupMs);
  const runs: RunResult[] = [];
  for (let r = 0; r < options.runs; r++)
    runs.push(await measureRun(url, workload, concurrency, options.runMs, serverPid));
  const cpu = runs.flatMap((r) => (r.serverMicrosPerOp === undefined ? [] : [r.serverMicrosPerOp]));
  return {
    operations: median(runs.map((r) => r.operations)),
    perSecond: median(runs.map((r) => r.perSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    ...(cpu.length > 0 && { serverMicrosPerOp: median(cpu) }),
    runs,
  };
}
