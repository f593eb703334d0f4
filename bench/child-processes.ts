/**
 * Every process the benchmark spawns goes through here, so that a failure or Ctrl-C can end
 * exactly those processes (by their pid), and none outlives the run.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

const live = new Set<ChildProcess>();

export function spawnTracked(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

/** SIGKILL to every spawned process still running (the last-resort clean-up). */
export function killTrackedProcesses(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

export interface Completed {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
}

/** Runs to the end; a run longer than `timeoutMs` is killed and rejected with its output so far. */
export function runToCompletion(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { readonly timeoutMs: number },
): Promise<Completed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawnTracked(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${command} ${args.join(' ')} still running after ${options.timeoutMs} ms; killed\n${stdout}${stderr}`,
        ),
      );
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, wallMs: performance.now() - started });
    });
  });
}

/**
 * Resolves with the first stdout line matching `pattern` and the time it took from the call;
 * rejects if the process exits first or the line does not come within `timeoutMs`.
 */
export function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<{ readonly match: RegExpExecArray; readonly elapsedMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    const onData = (chunk: string) => {
      buffered += chunk;
      const match = pattern.exec(buffered);
      if (match) {
        finish();
        resolve({ match, elapsedMs: performance.now() - started });
      }
    };
    const onStderr = (chunk: string) => (stderr += chunk);
    const onExit = (code: number | null) => {
      finish();
      reject(new Error(`process exited (code ${code}) before printing ${pattern}:\n${buffered}${stderr}`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${buffered}${stderr}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onStderr);
      child.off('exit', onExit);
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.stderr?.setEncoding('utf8').on('data', onStderr);
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL if the process has not exited after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
