/**
 * Loading a large LDIF: the mock in a fresh `node --expose-gc` process (so the memory numbers
 * are its own, measured after a full GC before and after), and slapd's ldapadd of the same file.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runToCompletion } from './child-processes.js';
import { REPO_ROOT } from './paths.js';
import { residentKiB, startSlapd } from './slapd.js';
import { median } from './stats.js';

export interface MockLoad {
  /** startMockServer({ ldif: [file] }) until listening (includes the server certificate). */
  readonly loadMs: number;
  /** readLdif() of the same file alone, for the split between parsing and building the directory. */
  readonly parseMs: number;
  /** The same call with a one-entry LDIF in the same process: the fixed part of loadMs. */
  readonly emptyStartMs: number;
  readonly entries: number;
  /** After a full GC, minus the same before the load. */
  readonly rssDeltaBytes: number;
  readonly heapDeltaBytes: number;
  /** Peak resident set of the process (maxRSS), load included. */
  readonly peakRssBytes: number;
  /** server.snapshot() of the loaded directory. */
  readonly snapshotMs: number;
  /** server.restore() of that snapshot after one entry was deleted. */
  readonly restoreMs: number;
  /** The first indexed search after the restore (indexes are rebuilt on first use). */
  readonly firstSearchAfterRestoreMs: number;
}

const distUrl = (path: string) => JSON.stringify(pathToFileURL(join(REPO_ROOT, 'dist', path)).href);

// Plain JavaScript run with `node --expose-gc -e`, no TypeScript loader in the process.
const loadProbe = (file: string) => `
import { readFileSync } from 'node:fs';
const { startMockServer } = await import(${distUrl('server/index.js')});
const { readLdif } = await import(${distUrl('core/index.js')});
const file = ${JSON.stringify(file)};
// Warm-up: the shared CA and the modules' first run, with a one-entry directory.
const e0 = performance.now();
const tiny = await startMockServer({ ldif: ['dn: dc=example,dc=org\\nobjectClass: dcObject\\nobjectClass: organization\\ndc: example\\no: Example\\n'] });
const emptyStartMs = performance.now() - e0;
await tiny.stop();
gc(); gc();
const before = process.memoryUsage();
const t0 = performance.now();
const server = await startMockServer({ ldif: [file] });
const loadMs = performance.now() - t0;
gc(); gc();
const after = process.memoryUsage();
const entries = server.directory.size;
const s0 = performance.now();
const snapshot = server.snapshot();
const snapshotMs = performance.now() - s0;
const victim = [...server.directory.all()].at(-1).dn;
server.directory.delete(victim);
const r0 = performance.now();
server.restore(snapshot);
const restoreMs = performance.now() - r0;
const { Client } = await import('ldapts');
const client = new Client({ url: server.url });
const f0 = performance.now();
// The deleted entry, by its RDN: found only if the restore brought it back and the index rebuilt.
const { searchEntries } = await client.search(server.baseDN, { filter: '(' + victim.split(',')[0] + ')', attributes: ['1.1'] });
const firstSearchAfterRestoreMs = performance.now() - f0;
await client.unbind();
if (searchEntries.length !== 1) throw new Error('the search after restore found ' + searchEntries.length + ' entries');
await server.stop();
const p0 = performance.now();
const parsed = readLdif(readFileSync(file), { fileName: file });
const parseMs = performance.now() - p0;
if (parsed.errors.length > 0) throw new Error(parsed.errors[0].message);
process.stdout.write(JSON.stringify({
  loadMs, parseMs, emptyStartMs, entries,
  rssDeltaBytes: after.rss - before.rss,
  heapDeltaBytes: after.heapUsed - before.heapUsed,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  snapshotMs, restoreMs, firstSearchAfterRestoreMs,
}));
`;

export async function measureMockLoad(
  file: string,
  samples: number,
): Promise<MockLoad & { samples: number }> {
  const runs: MockLoad[] = [];
  for (let i = 0; i < samples; i++) {
    const result = await runToCompletion(
      process.execPath,
      ['--expose-gc', '--input-type=module', '-e', loadProbe(file)],
      { cwd: REPO_ROOT, timeoutMs: 180_000 },
    );
    if (result.code !== 0) throw new Error(`load probe failed (exit ${result.code}):\n${result.stderr}`);
    runs.push(JSON.parse(result.stdout) as MockLoad);
  }
  const med = (key: keyof MockLoad) => median(runs.map((r) => r[key]));
  return {
    loadMs: med('loadMs'),
    parseMs: med('parseMs'),
    emptyStartMs: med('emptyStartMs'),
    entries: med('entries'),
    rssDeltaBytes: med('rssDeltaBytes'),
    heapDeltaBytes: med('heapDeltaBytes'),
    peakRssBytes: med('peakRssBytes'),
    snapshotMs: med('snapshotMs'),
    restoreMs: med('restoreMs'),
    firstSearchAfterRestoreMs: med('firstSearchAfterRestoreMs'),
    samples,
  };
}

export interface SlapdLoad {
  /** ldapadd over LDAP into a running slapd (as scripts/slapd-up.sh loads every fixture). */
  readonly loadMs: number;
  readonly entries: number;
  readonly entriesPerSecond: number;
  /** slapd's VmRSS right after the load (mdb maps its data file; touched pages count). */
  readonly slapdRssBytes: number;
}

/** `loaded` runs while slapd still holds the data (to measure searches at that size). */
export async function measureSlapdLoad(
  file: string,
  timeoutMs: number,
  loaded?: (url: string, pid: number) => Promise<void>,
): Promise<SlapdLoad> {
  const slapd = await startSlapd(file, timeoutMs);
  try {
    const { loadMs, entriesLoaded } = slapd.times;
    const rss = residentKiB(slapd.pid) * 1024;
    await loaded?.(slapd.url, slapd.pid);
    return {
      loadMs,
      entries: entriesLoaded,
      entriesPerSecond: (entriesLoaded * 1000) / loadMs,
      slapdRssBytes: rss,
    };
  } finally {
    await slapd.stop();
  }
}
