/**
 * `npm run bench`: the mock against real slapd, in one run on this machine, written to
 * bench/README.md. Phases: build, start-up, binds/searches/logins, group-graph searches, the
 * large load. Every slapd and child process is stopped at the end, on failure and on Ctrl-C.
 *
 * BENCH_QUICK=1 shrinks every phase to seconds and prints the tables without writing the README
 * (for working on the benchmark itself).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MockServer } from '../src/server/index.js';
import { writeBaseline } from './baseline.js';
import { measureMockLoad, measureSlapdLoad, type SlapdLoad } from './bulk-load.js';
import { killTrackedProcesses, runToCompletion } from './child-processes.js';
import { writeBulkLdif, writeGroupGraphLdif } from './generated-ldif.js';
import { type ClosureResult, measureClosure } from './group-closure.js';
import { describeMachine } from './machine.js';
import { type MockProcess, startMockProcess } from './mock-process.js';
import { BENCH_DIR, DEFAULT_FIXTURE, importBuiltMockServer, REPO_ROOT } from './paths.js';
import {
  type BenchResults,
  type BulkResults,
  bulkTable,
  closureTable,
  type FuzzFigures,
  fuzzTable,
  type GroupResults,
  groupTables,
  renderReport,
  type ServerName,
  type Settings,
  soakTable,
  startupTable,
  type ThroughputRow,
  throughputTable,
} from './report.js';
import { residentKiB, type Slapd, type SlapdStartTimes, startSlapd, stopAllSlapd } from './slapd.js';
import { type SoakResult, soak } from './soak.js';
import { BOOTSTRAP_FOLDER, measureCliStartup, measureMockStartup } from './startup.js';
import { measureCell, type Workload } from './throughput.js';
import {
  authenticatorLoginWorkload,
  bindWorkload,
  type Credentials,
  loginWorkload,
  searchWorkload,
  spread,
} from './workloads.js';

const quick = process.env['BENCH_QUICK'] === '1';
/** `npm run bench -- --json FILE`: every figure of the run as JSON too, for CI to keep a history. */
const jsonAt = process.argv.indexOf('--json');
const jsonFile = jsonAt >= 0 ? process.argv[jsonAt + 1] : undefined;
if (jsonAt >= 0 && !jsonFile)
  throw new Error('--json needs a file name: npm run bench -- --json results.json');
const COMMAND = 'npm run bench';

const settings: Settings = quick
  ? {
      runs: 1,
      runMs: 300,
      warmupMs: 100,
      startupSamples: 2,
      bulkEntries: 10_000,
      bulkSamples: 1,
      groupShape: { users: 1000, groups: 100, groupsPerUser: 3, fanOut: 4 },
      soakConnections: 100,
      soakSeconds: 3,
      closureGroups: [500, 2000],
    }
  : {
      runs: 3,
      runMs: 2000,
      warmupMs: 500,
      startupSamples: 9,
      bulkEntries: 100_000,
      bulkSamples: 3,
      groupShape: { users: 10_000, groups: 1000, groupsPerUser: 3, fanOut: 4 },
      soakConnections: 1000,
      soakSeconds: 60,
      closureGroups: [1000, 10_000, 100_000],
    };
/** slapd's rate is sampled on this many entries before deciding whether the full load fits. */
const slapdSampleEntries = quick ? 2000 : 10_000;
/** The full slapd load runs only if projected to finish within this… */
const slapdFullLoadLimitMs = quick ? 0 : 270_000;
/** …and within what is left of this budget for the whole run (slapd's ldapadd is disk-bound and
 * slows down a lot when the machine is busy). */
const runBudgetMs = 570_000;
const concurrencies = [1, 16] as const;

const alice: Credentials = { dn: 'uid=alice,ou=people,dc=example,dc=org', password: 'alice-password' };
const BULK_IN_DEFAULT_FIXTURE = 600;

const started = performance.now();
const workDir = mkdtempSync(join(tmpdir(), 'ldapmock-bench-'));
let inProcess: MockServer | undefined;
let child: MockProcess | undefined;

function say(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

let cleaning: Promise<void> | undefined;
let interrupted = false;

/** Idempotent: a signal and the main flow's `finally` may both ask for it. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await inProcess?.stop().catch(() => undefined);
    await child?.stop().catch(() => undefined);
    await stopAllSlapd();
    killTrackedProcesses();
    rmSync(workDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    say(`${signal}: stopping every slapd and child process`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function build(): Promise<void> {
  say('npm run build');
  const result = await runToCompletion('npm', ['run', 'build'], { cwd: REPO_ROOT, timeoutMs: 300_000 });
  if (result.code !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
}

/** One server's cells for a list of workloads, at each concurrency. */
async function measureServer(
  server: ServerName,
  url: string,
  workloads: readonly Workload[],
  rows: ThroughputRow[],
  /** The server's own process, for its CPU time per operation (not the in-process mock's). */
  pid?: number,
): Promise<void> {
  for (const workload of workloads) {
    for (const concurrency of concurrencies) {
      let row = rows.find((r) => r.operation === workload.name && r.concurrency === concurrency);
      if (!row) rows.push((row = { operation: workload.name, concurrency, cells: {} }));
      const cell = await measureCell(url, workload, concurrency, settings, pid);
      row.cells[server] = cell;
      const cpu =
        cell.serverMicrosPerOp === undefined ? '' : `  server ${cell.serverMicrosPerOp.toFixed(1)} µs/op`;
      say(
        `${server.padEnd(19)} ${workload.name.padEnd(16)} c=${String(concurrency).padEnd(2)} ${cell.perSecond.toFixed(0).padStart(6)}/s  p50 ${cell.p50.toFixed(2)} ms  p99 ${cell.p99.toFixed(2)} ms${cpu}`,
      );
    }
  }
}

/** Starts slapd, the mock in a child process and the mock in-process in turn; one alive at a time. */
async function measureAllServers(
  ldif: string,
  workloads: readonly Workload[],
  rows: ThroughputRow[],
  slapd: Slapd,
): Promise<void> {
  try {
    await measureServer('slapd', slapd.url, workloads, rows, slapd.pid);
  } finally {
    await slapd.stop();
  }
  child = await startMockProcess({ ldif: [ldif] }, 120_000);
  await measureServer('mock, child process', child.url, workloads, rows, child.pid);
  await child.stop();
  child = undefined;
  const { startMockServer } = await importBuiltMockServer();
  inProcess = await startMockServer({ ldif: [ldif] });
  await measureServer('mock, in-process', inProcess.url, workloads, rows);
  await inProcess.stop();
  inProcess = undefined;
}

/** The soak against slapd and against the mock in its own process, one after the other. */
async function soakBoth(): Promise<BenchResults['soak']> {
  const options = {
    user: alice,
    search: { base: 'ou=bulk,dc=example,dc=org', filter: '(uid=bulk0042)', expect: 1 },
    connections: settings.soakConnections,
    durationMs: settings.soakSeconds * 1000,
  };
  const report = (name: string, r: SoakResult) =>
    say(
      `soak ${name}: ${r.cycles} cycles, ${r.failures} failed, RSS ${r.rssKiB.at(-1)} KiB, descriptors ${r.descriptorsBefore} → ${r.descriptorsAfter}`,
    );
  const results: BenchResults['soak'] = {};
  const slapd = await startSlapd(DEFAULT_FIXTURE, 120_000);
  try {
    results.slapd = await soak({ ...options, url: slapd.url, pid: slapd.pid });
    report('slapd', results.slapd);
  } finally {
    await slapd.stop();
  }
  child = await startMockProcess({ ldif: [DEFAULT_FIXTURE] }, 120_000);
  results['mock, child process'] = await soak({ ...options, url: child.url, pid: child.pid });
  report('mock', results['mock, child process']);
  await child.stop();
  child = undefined;
  return results;
}

/** Runs the server fuzzing test and reads back the figures it wrote. */
async function fuzz(): Promise<FuzzFigures> {
  const file = join(workDir, 'fuzz.json');
  const result = await runToCompletion(
    join(REPO_ROOT, 'node_modules/.bin/vitest'),
    ['run', '--project', 'unit', 'test/property/server-fuzz.test.ts'],
    { cwd: REPO_ROOT, timeoutMs: 300_000, env: { ...process.env, SERVER_FUZZ_REPORT: file } },
  );
  if (result.code !== 0) throw new Error(`the server fuzzing failed:\n${result.stdout}${result.stderr}`);
  return JSON.parse(readFileSync(file, 'utf8')) as FuzzFigures;
}

async function main(): Promise<void> {
  await build();
  const machine = await describeMachine();
  say(
    `${machine.cpuModel} × ${machine.cores}, Node ${machine.node}, ${machine.slapd}${quick ? ' (QUICK)' : ''}`,
  );

  // --- start-up ---------------------------------------------------------------------------------
  say(`startMockServer() in ${settings.startupSamples} fresh processes`);
  const mockStartup = await measureMockStartup(settings.startupSamples);
  say(`startMockServer({ bootstrap }) in ${settings.startupSamples} fresh processes`);
  // The same options as the default start but the folder, so that the two rows compare.
  const folderOptions = { bootstrap: { dirs: BOOTSTRAP_FOLDER } };
  const folderStartup = await measureMockStartup(settings.startupSamples, folderOptions, 'kept');
  say(`startMockServer({ bootstrap }) in ${settings.startupSamples} fresh processes, image cache empty`);
  const folderStartupEmpty = await measureMockStartup(settings.startupSamples, folderOptions, 'empty');
  say(`ldapmock serve until ready, ${settings.startupSamples} times`);
  const cliStartup = await measureCliStartup(settings.startupSamples);
  say('slapd-up.sh with the default fixture, 3 times (the last one serves the throughput cells)');
  const slapdStarts: SlapdStartTimes[] = [];
  let slapd: Slapd | undefined;
  for (let i = 0; i < 3; i++) {
    await slapd?.stop();
    slapd = await startSlapd(DEFAULT_FIXTURE, 120_000);
    slapdStarts.push(slapd.times);
  }

  // --- binds, searches, logins on the default fixture --------------------------------------------
  const bulkSearch = searchWorkload(alice, {
    name: 'search',
    base: 'dc=example,dc=org',
    filter: (i) => `(uid=bulk${String(spread(i, BULK_IN_DEFAULT_FIXTURE)).padStart(4, '0')})`,
    attributes: ['cn', 'mail'],
    expect: () => 1,
  });
  const throughput: ThroughputRow[] = [];
  await measureAllServers(
    DEFAULT_FIXTURE,
    [
      bindWorkload(alice),
      bulkSearch,
      loginWorkload(alice),
      authenticatorLoginWorkload({ username: 'alice', password: 'alice-password' }),
    ],
    throughput,
    slapd!,
  );

  // --- soak and hostile input ---------------------------------------------------------------------
  say(`soak: ${settings.soakConnections} connections × ${settings.soakSeconds} s, slapd then the mock`);
  const soakResults = await soakBoth();
  say('hostile input: test/property/server-fuzz.test.ts');
  const fuzzFigures = await fuzz();
  say(
    `hostile input: ${fuzzFigures.tried} inputs, ${fuzzFigures.good.failures.length} failures of the good client`,
  );

  // --- group graph --------------------------------------------------------------------------------
  const groupFile = join(workDir, 'group-graph.ldif');
  const graph = writeGroupGraphLdif(groupFile, settings.groupShape);
  say(`group graph: ${graph.entries} entries, ${graph.memberValues} member values; slapd ldapadd…`);
  const groupSlapd = await startSlapd(groupFile, 600_000);
  const slapdGroupLoad: SlapdLoad = {
    loadMs: groupSlapd.times.loadMs,
    entries: groupSlapd.times.entriesLoaded,
    entriesPerSecond: (groupSlapd.times.entriesLoaded * 1000) / groupSlapd.times.loadMs,
    slapdRssBytes: residentKiB(groupSlapd.pid) * 1024,
  };
  say(`slapd loaded the group graph in ${slapdGroupLoad.loadMs} ms`);
  const groupSearch = searchWorkload(
    { dn: graph.readerDN, password: graph.readerPassword },
    {
      name: 'memberOf search',
      base: graph.peopleBase,
      filter: (i) => `(memberOf=${graph.groupDN(spread(i, settings.groupShape.groups) - 1)})`,
      attributes: ['cn'],
      expect: (i) => graph.directUsers(spread(i, settings.groupShape.groups) - 1),
    },
  );
  const groupRows: ThroughputRow[] = [];
  await measureAllServers(groupFile, [groupSearch], groupRows, groupSlapd);
  const mockGroupLoad = await measureMockLoad(groupFile, 1);
  const groups: GroupResults = { graph, mockLoad: mockGroupLoad, slapdLoad: slapdGroupLoad, rows: groupRows };

  // --- nested groups on the ad profile ------------------------------------------------------------
  const closure: ClosureResult[] = [];
  const mockModule = await importBuiltMockServer();
  for (const groups of settings.closureGroups) {
    const result = await measureClosure(mockModule, { groups, depth: 20, users: 200 });
    closure.push(result);
    say(
      `ad groups ${groups}: load ${result.loadMs.toFixed(0)} ms, tokenGroups ${result.tokenGroupsMs.toFixed(2)} ms/user, in-chain ${result.inChainMs.toFixed(2)} ms/user (${result.closureSize} groups each)`,
    );
  }

  // --- the large load ------------------------------------------------------------------------------
  const bulkFile = join(workDir, 'bulk.ldif');
  const sampleFile = join(workDir, 'bulk-sample.ldif');
  writeBulkLdif(bulkFile, settings.bulkEntries);
  writeBulkLdif(sampleFile, slapdSampleEntries);
  say(`loading ${settings.bulkEntries} entries into the mock, ${settings.bulkSamples} times`);
  const mockBulk = await measureMockLoad(bulkFile, settings.bulkSamples);
  say(`mock: ${mockBulk.loadMs.toFixed(0)} ms; slapd ldapadd of ${slapdSampleEntries} entries…`);
  const slapdSample = await measureSlapdLoad(sampleFile, 300_000);
  const projectedMs = ((settings.bulkEntries + 2) * 1000) / slapdSample.entriesPerSecond;
  const limitMs = Math.max(0, Math.min(slapdFullLoadLimitMs, runBudgetMs - (performance.now() - started)));
  let slapdFull: BulkResults['slapdFull'];
  // Searches at the full size, as the administrator (no size limit; one entry each).
  const largeSearch = searchWorkload(
    { dn: 'cn=admin,dc=example,dc=org', password: 'admin' },
    {
      name: `search at ${settings.bulkEntries} entries`,
      base: 'dc=example,dc=org',
      filter: (i) => `(uid=bulk${String(spread(i, settings.bulkEntries)).padStart(6, '0')})`,
      attributes: ['cn', 'mail'],
      expect: () => 1,
    },
  );
  const largeRows: ThroughputRow[] = [];
  if (projectedMs <= limitMs) {
    say(
      `slapd: ${slapdSample.entriesPerSecond.toFixed(0)} entries/s; full load projected ${projectedMs.toFixed(0)} ms…`,
    );
    slapdFull = await measureSlapdLoad(bulkFile, limitMs * 2, (url, pid) =>
      measureServer('slapd', url, [largeSearch], largeRows, pid),
    );
    child = await startMockProcess({ ldif: [bulkFile] }, 120_000);
    await measureServer('mock, child process', child.url, [largeSearch], largeRows, child.pid);
    await child.stop();
    child = undefined;
  } else {
    say(`slapd: full load projected ${projectedMs.toFixed(0)} ms, over the limit: reporting the sample rate`);
  }
  const bulk: BulkResults = {
    rows: largeRows,
    mock: mockBulk,
    slapdSample,
    slapdFull,
    slapdLimitMs: limitMs,
  };

  const results: BenchResults = {
    machine,
    settings,
    throughput,
    mockStartup,
    folderStartup,
    folderStartupEmpty,
    cliStartup,
    slapdStarts,
    bulk,
    groups,
    soak: soakResults,
    closure,
    fuzz: fuzzFigures,
    totalSeconds: (performance.now() - started) / 1000,
    loadAverageAtEnd: loadavg(),
  };
  process.stdout.write(
    [
      '',
      '## Binds and searches (default fixture)',
      throughputTable(throughput),
      '',
      '## Start-up',
      startupTable(results),
      '',
      `## Loading ${settings.bulkEntries} entries`,
      bulkTable(results),
      '',
      '## Group graph',
      groupTables(results),
      '',
      '## Nested groups (ad)',
      closureTable(results),
      '',
      '## Soak',
      soakTable(results),
      '',
      '## Hostile input',
      fuzzTable(results),
      '',
    ].join('\n'),
  );
  if (jsonFile) {
    writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
    say(`wrote ${jsonFile}`);
  }
  if (quick) {
    say('BENCH_QUICK=1: bench/README.md left as it is');
  } else {
    const readme = join(BENCH_DIR, 'README.md');
    writeFileSync(readme, renderReport(results, COMMAND));
    writeBaseline(throughput);
    // The README is linted with the rest of the project (`biome check .` in npm test).
    const format = await runToCompletion(
      join(REPO_ROOT, 'node_modules/.bin/biome'),
      ['format', '--write', readme],
      {
        cwd: REPO_ROOT,
        timeoutMs: 60_000,
      },
    );
    if (format.code !== 0)
      say(`warning: biome format of bench/README.md failed:\n${format.stdout}${format.stderr}`);
    say('wrote bench/README.md');
  }
  say(`done in ${results.totalSeconds.toFixed(0)} s`);
}

try {
  await main();
} catch (error) {
  if (!interrupted)
    process.stderr.write(
      `\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exitCode = 1;
} finally {
  await cleanUp();
}
