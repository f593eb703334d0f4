/** What the numbers were measured on, for the report header. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { runToCompletion } from './child-processes.js';
import { REPO_ROOT } from './paths.js';
import { slapdVersion } from './slapd.js';

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly slapd: string;
  readonly ldapts: string;
  readonly commit: string;
  readonly date: string;
  /** 1-minute load average when the run started: other work on the machine skews the numbers. */
  readonly loadAverage: number;
}

export async function describeMachine(): Promise<Machine> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const git = await runToCompletion('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: REPO_ROOT,
    timeoutMs: 10_000,
  });
  const dirty = await runToCompletion('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: REPO_ROOT,
    timeoutMs: 10_000,
  });
  const ldaptsPackage = JSON.parse(readFileSync(`${REPO_ROOT}/node_modules/ldapts/package.json`, 'utf8')) as {
    version: string;
  };
  return {
    cpuModel: model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    node: process.version,
    slapd: await slapdVersion(),
    ldapts: ldaptsPackage.version,
    commit: `${git.stdout.trim() || 'unknown'}${dirty.stdout.trim() ? ' (with uncommitted changes)' : ''}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadAverage: loadavg()[0] ?? Number.NaN,
  };
}
