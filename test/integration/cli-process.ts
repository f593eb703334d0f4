/**
 * Runs the `ldapmock` CLI as a user would: `node bin/ldapmock.js …`, the built package. The build
 * is never stale: test/build-once.ts builds dist/ at the start of every test run (under a second),
 * and a process that starts from JavaScript costs a third of one that compiles TypeScript through
 * a loader, which the CLI tests pay a few hundred times. Every spawned process is tracked
 * and `killSpawned()` ends the ones still running, so a failing test never leaves a server behind.
 * Failures carry everything the process printed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/ldapmock.js', import.meta.url));

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface CliResult extends Exit {
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnOptions {
  /** Working directory of the CLI; default the repository root. */
  readonly cwd?: string;
  readonly timeoutMs?: number;
  /** Written to the CLI's stdin, which is then closed; without it the CLI gets no stdin. */
  readonly stdin?: string;
}

const running = new Set<ChildProcess>();

function spawnCli(args: readonly string[], cwd: string | undefined, stdin = false): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: cwd ?? REPO_ROOT,
    stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Kills (SIGKILL) every CLI process this module started that is still running. */
export async function killSpawned(): Promise<void> {
  const children = [...running];
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map(exitOf));
}

/** Runs a command that ends by itself (e.g. `ldif validate`) and collects its output. */
export async function runCli(args: readonly string[], options: SpawnOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, options.cwd, options.stdin !== undefined);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  if (options.stdin !== undefined) {
    child.stdin?.on('error', () => undefined); // a child that exits before reading
    child.stdin?.end(options.stdin);
  }
  const timeoutMs = options.timeoutMs ?? 15_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  // 'close' rather than 'exit': it comes after the pipes are drained.
  const exit = await new Promise<Exit>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  clearTimeout(timer);
  if (timedOut) {
    throw new Error(
      `ldapmock ${args.join(' ')} did not end within ${timeoutMs}ms:\nstdout:\n${tail(stdout)}\nstderr:\n${tail(stderr)}`,
    );
  }
  return { ...exit, stdout, stderr };
}

/** What `ldapmock serve` printed in its banner. */
export interface ServeBanner {
  readonly url: string;
  readonly ldapsUrl: string;
  readonly baseDN: string;
  readonly caPath: string;
  readonly adminDN: string;
  readonly adminPassword: string;
}

export interface ServeProcess extends ServeBanner {
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr (from `fromOffset` on) matches; rejects after the timeout. */
  waitForStderr(pattern: RegExp, timeoutMs?: number, fromOffset?: number): Promise<RegExpMatchArray>;
  /** Sends the signal (SIGINT by default) and waits for the exit; SIGKILL after 5 s. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

const BANNER = {
  url: /LDAP \(StartTLS\):\s+(ldap:\/\/\S+)/,
  ldapsUrl: /LDAPS:\s+(ldaps:\/\/\S+)/,
  baseDN: /base DN:\s+(\S.*)$/m,
  caPath: /CA certificate:\s+(\S.*)$/m,
  administrator: /administrator:\s+(\S+) \/ (\S.*)$/m,
} as const;

function parseBanner(stdout: string): ServeBanner | undefined {
  const url = BANNER.url.exec(stdout)?.[1];
  const ldapsUrl = BANNER.ldapsUrl.exec(stdout)?.[1];
  const baseDN = BANNER.baseDN.exec(stdout)?.[1];
  const caPath = BANNER.caPath.exec(stdout)?.[1];
  const admin = BANNER.administrator.exec(stdout);
  if (!url || !ldapsUrl || !baseDN || !caPath || !admin?.[1] || !admin[2]) return undefined;
  return { url, ldapsUrl, baseDN, caPath, adminDN: admin[1], adminPassword: admin[2] };
}

/** A serve run that exited, or ran out of time, before printing what was awaited. */
export class ServeOutputError extends Error {
  constructor(
    message: string,
    readonly exit: Exit | undefined,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`${message}\nstdout:\n${tail(stdout)}\nstderr:\n${tail(stderr)}`);
  }
}

/** The end of a long output, enough to show what went wrong without flooding the report. */
function tail(text: string, max = 4_000): string {
  return text.length <= max ? text : `…${text.slice(-max)}`;
}

/**
 * Starts `ldapmock serve ARGS` and resolves once the banner is printed (the server is listening
 * by then); rejects with ServeOutputError if it exits first or takes longer than the timeout.
 */
export async function startServe(args: readonly string[], options: SpawnOptions = {}): Promise<ServeProcess> {
  const child = spawnCli(['serve', ...args], options.cwd);
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    notify();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    notify();
  });
  let exit: Exit | undefined;
  const closed = new Promise<Exit>((resolve) =>
    child.once('close', (code, signal) => {
      // Set before notifying: the waiters read it synchronously.
      exit = { code, signal };
      resolve(exit);
      notify();
    }),
  );

  /** Polls `check` on every output chunk and at exit, until it returns a value or time runs out. */
  const until = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const attempt = (): void => {
        const value = check();
        if (value !== undefined) finish(() => resolve(value));
        else if (exit !== undefined)
          finish(() => reject(new ServeOutputError(`${what}: exited`, exit, stdout, stderr)));
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new ServeOutputError(`${what}: timed out after ${timeoutMs}ms`, exit, stdout, stderr)),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        waiters.delete(attempt);
        settle();
      };
      waiters.add(attempt);
      attempt();
    });

  const stop = async (signal: NodeJS.Signals = 'SIGINT'): Promise<Exit> => {
    if (exit === undefined) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    const result = await closed;
    clearTimeout(timer);
    return result;
  };

  const startTimeoutMs = options.timeoutMs ?? 20_000;
  let banner: ServeBanner;
  try {
    banner = await until(() => parseBanner(stdout), startTimeoutMs, `ldapmock serve ${args.join(' ')}`);
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
  return {
    ...banner,
    pid: child.pid ?? -1,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStderr: (pattern, timeoutMs = 10_000, fromOffset = 0) =>
      until(
        () => pattern.exec(stderr.slice(fromOffset)) ?? undefined,
        timeoutMs,
        `stderr never matched ${pattern}`,
      ),
    stop,
  };
}
