/**
 * Start-up times, each in fresh `node` processes without any loader (what a test runner worker
 * or a developer's shell pays): startMockServer() with the default fixture, and the CLI dev
 * server until it prints its URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToCompletion, spawnTracked, stopProcess, waitForLine } from './child-processes.js';
import { CLI_BIN, DIST_SERVER_URL, REPO_ROOT } from './paths.js';
import { median } from './stats.js';

export interface MockStartup {
  /** Node's own start, until the first line of the script runs. */
  readonly nodeBootMs: number;
  /** import of the built package. */
  readonly importMs: number;
  /** The startMockServer() call: fixture parse and load, CA and certificate, listeners. */
  readonly startMs: number;
  /** A second startMockServer() in the same process (modules warm, CA shared): a test file's cost. */
  readonly secondStartMs: number;
  /** Process start to the first server listening. */
  readonly readyMs: number;
}

// Plain JavaScript run with `node -e`: the timed path must not include a TypeScript loader.
const startupProbe = (options: object) => `
const options = ${JSON.stringify(options)};
const t0 = performance.now();
const { startMockServer } = await import(${JSON.stringify(DIST_SERVER_URL)});
const t1 = performance.now();
const first = await startMockServer(options);
const t2 = performance.now();
await first.stop();
const t3 = performance.now();
const second = await startMockServer(options);
const t4 = performance.now();
await second.stop();
if (!first.url.startsWith('ldap://')) throw new Error('no url');
process.stdout.write(JSON.stringify({ nodeBootMs: t0, importMs: t1 - t0, startMs: t2 - t1, secondStartMs: t4 - t3, readyMs: t2 }));
`;

/** A bootstrap folder as teams bring one: rroemhild/test-openldap's (cn=config records and data). */
export const BOOTSTRAP_FOLDER = ['config', 'data'].map((dir) =>
  join(REPO_ROOT, 'test/fixtures/bootstrap/rroemhild', dir),
);

/**
 * What the image cache (src/server/image-cache.ts) holds when a sample starts: what an earlier
 * process kept of the same data (a run before the samples keeps it), or nothing (a new, empty
 * cache folder for every sample: the very first start on that data).
 */
export type CacheState = 'kept' | 'empty';

/** `options`: startMockServer's (default: none, the default fixture). */
export async function measureMockStartup(
  samples: number,
  options: object = {},
  cache: CacheState = 'kept',
): Promise<MockStartup & { samples: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'ldapmock-bench-cache-'));
  try {
    const probe = startupProbe(options);
    const run = async (cacheFolder: string): Promise<MockStartup> => {
      const result = await runToCompletion(process.execPath, ['--input-type=module', '-e', probe], {
        cwd: REPO_ROOT,
        timeoutMs: 60_000,
        env: { ...process.env, LDAPMOCK_CACHE_DIR: cacheFolder },
      });
      if (result.code !== 0)
        throw new Error(`start-up probe failed (exit ${result.code}):\n${result.stderr}`);
      return JSON.parse(result.stdout) as MockStartup;
    };
    if (cache === 'kept') await run(folder);
    const runs: MockStartup[] = [];
    for (let i = 0; i < samples; i++) {
      const sampleFolder = cache === 'kept' ? folder : join(folder, String(i));
      runs.push(await run(sampleFolder));
    }
    return summary(runs, samples);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function summary(runs: readonly MockStartup[], samples: number): MockStartup & { samples: number } {
  const med = (key: keyof MockStartup) => median(runs.map((r) => r[key]));
  return {
    nodeBootMs: med('nodeBootMs'),
    importMs: med('importMs'),
    startMs: med('startMs'),
    secondStartMs: med('secondStartMs'),
    readyMs: med('readyMs'),
    samples,
  };
}

export interface CliStartup {
  /** Spawn to the printed ldap:// URL, CA already in --cert-dir (the usual case). */
  readonly readyMs: number;
  /** The very first start, which also generates and writes the CA. */
  readonly firstReadyMs: number;
  readonly samples: number;
}

export async function measureCliStartup(samples: number): Promise<CliStartup> {
  const certDir = mkdtempSync(join(tmpdir(), 'ldapmock-bench-certs-'));
  try {
    const firstReadyMs = await cliReady(certDir);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await cliReady(certDir));
    return { readyMs: median(times), firstReadyMs, samples };
  } finally {
    rmSync(certDir, { recursive: true, force: true });
  }
}

async function cliReady(certDir: string): Promise<number> {
  const child = spawnTracked(
    process.execPath,
    [CLI_BIN, 'serve', '--port', '0', '--ldaps-port', '0', '--cert-dir', certDir, '--quiet'],
    { cwd: REPO_ROOT },
  );
  try {
    const { elapsedMs } = await waitForLine(child, /ldap:\/\/127\.0\.0\.1:\d+/, 30_000);
    return elapsedMs;
  } finally {
    await stopProcess(child);
  }
}
