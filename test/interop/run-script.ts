/** Runs one of the project's scripts/ with bash, for the interop harnesses of slapd and Samba. */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface ScriptResult {
  readonly ok: boolean;
  /** The command line, its exit status, stdout and stderr: enough for a failure message. */
  readonly output: string;
}

export function runScript(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<ScriptResult> {
  return new Promise((done) => {
    execFile(
      'bash',
      [join(REPO_ROOT, 'scripts', script), ...args],
      // The first run may install packages (apt-get), hence the generous time-out.
      { env: { ...process.env, ...env }, timeout: 600_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const status =
          error === null ? 'exit 0' : `exit ${String(error.code ?? error.signal ?? error.message)}`;
        done({ ok: error === null, output: `$ ${script} ${args.join(' ')} (${status})\n${stdout}${stderr}` });
      },
    );
  });
}
