/**
 * Real slapd for the comparison, through the project's own scripts/slapd-up.sh and slapd-down.sh
 * (same config as the differential suite: mdb, memberof, refint, ppolicy), with logging off
 * (SLAPD_DEBUG=0) so slapd does not spend its time writing a stats log. Every instance started
 * is remembered until stopped, so the run can always tear them down.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToCompletion } from './child-processes.js';
import { freePort } from './free-port.js';
import { REPO_ROOT } from './paths.js';

export interface SlapdStartTimes {
  /** The script's own total: certificates, cn=config, start, data load. */
  readonly totalMs: number;
  readonly certificatesMs: number;
  readonly configMs: number;
  /** From launching slapd until it answers a search. */
  readonly answeringMs: number;
  /** The ldapadd of the LDIF over LDAP. */
  readonly loadMs: number;
  readonly entriesLoaded: number;
}

export interface Slapd {
  readonly url: string;
  readonly pid: number;
  readonly dir: string;
  readonly times: SlapdStartTimes;
  stop(): Promise<void>;
}

const running = new Set<string>();
let instances = 0;

export async function startSlapd(ldif: string, timeoutMs: number): Promise<Slapd> {
  const dir = join(tmpdir(), `ldapmock-bench-slapd-${process.pid}-${instances++}`);
  const port = await freePort();
  let ldapsPort = await freePort();
  while (ldapsPort === port) ldapsPort = await freePort();
  running.add(dir);
  let result: Awaited<ReturnType<typeof runToCompletion>>;
  try {
    result = await runToCompletion('bash', [join(REPO_ROOT, 'scripts/slapd-up.sh'), ldif], {
      env: {
        ...process.env,
        SLAPD_DIR: dir,
        SLAPD_PORT: String(port),
        SLAPD_LDAPS_PORT: String(ldapsPort),
        SLAPD_DEBUG: '0',
      },
      timeoutMs,
    });
  } catch (error) {
    await stopSlapd(dir);
    throw error;
  }
  if (result.code !== 0) {
    await stopSlapd(dir);
    throw new Error(
      `scripts/slapd-up.sh ${ldif} failed (exit ${result.code}):\n${result.stdout}${result.stderr}`,
    );
  }
  const log = result.stdout + result.stderr;
  const times: SlapdStartTimes = {
    totalMs: step(log, /slapd up in (\d+)ms/),
    certificatesMs: step(log, /TLS certificates in .* \((\d+)ms\)/),
    configMs: step(log, /cn=config built \((\d+)ms\)/),
    answeringMs: step(log, /slapd pid \d+ answering \((\d+)ms\)/),
    loadMs: step(log, /loaded \d+ entries from .* \((\d+)ms\)/),
    entriesLoaded: step(log, /loaded (\d+) entries/),
  };
  return {
    url: `ldap://127.0.0.1:${port}`,
    pid: Number(readFileSync(join(dir, 'slapd.pid'), 'utf8').trim()),
    dir,
    times,
    stop: () => stopSlapd(dir),
  };
}

function step(log: string, pattern: RegExp): number {
  const match = pattern.exec(log);
  if (!match) throw new Error(`slapd-up.sh output has no line matching ${pattern}:\n${log}`);
  return Number(match[1]);
}

async function stopSlapd(dir: string): Promise<void> {
  const result = await runToCompletion('bash', [join(REPO_ROOT, 'scripts/slapd-down.sh')], {
    env: { ...process.env, SLAPD_DIR: dir },
    timeoutMs: 30_000,
  });
  running.delete(dir);
  if (result.code !== 0) throw new Error(`scripts/slapd-down.sh failed for ${dir}:\n${result.stderr}`);
}

/** Stops every slapd this run started and has not stopped yet; never throws. */
export async function stopAllSlapd(): Promise<void> {
  for (const dir of [...running]) {
    try {
      await stopSlapd(dir);
    } catch (error) {
      process.stderr.write(`bench: could not stop slapd of ${dir}: ${String(error)}\n`);
    }
  }
}

/** Resident memory of a process (kB of VmRSS), for context next to the mock's own numbers. */
export function residentKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

/** The version from `slapd -VV`, e.g. "slapd 2.5.13+dfsg-5". */
export async function slapdVersion(): Promise<string> {
  const result = await runToCompletion('/usr/sbin/slapd', ['-VV'], { timeoutMs: 10_000 });
  const match = /slapd\s+(\S+)/.exec(`${result.stdout}${result.stderr}`);
  return match ? `slapd ${match[1]}` : 'slapd (version unknown)';
}
