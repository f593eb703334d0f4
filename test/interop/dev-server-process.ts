/**
 * Runs the dev server as a user would: `node bin/ldapmock.js serve --port P --ldaps-port Q
 * --cert-dir DIR`, waits until it has printed its ldap:// and ldaps:// URLs and the path of the CA
 * certificate, and stops it with SIGINT. Any failure carries everything the process printed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-script.js';

export interface DevServerProcess {
  readonly url: string;
  readonly ldapsUrl: string;
  readonly caFile: string;
  /** Everything printed so far (stdout and stderr interleaved). */
  output(): string;
  /** SIGINT, then waits for the exit; resolves with the exit code or signal name. */
  stop(): Promise<number | string>;
}

export interface DevServerOptions {
  readonly port: number;
  readonly ldapsPort: number;
  readonly certDir: string;
  readonly extraArgs?: readonly string[];
  readonly startTimeoutMs?: number;
}

const LDAP_URL = /\bldap:\/\/[^\s'",]+/;
const LDAPS_URL = /\bldaps:\/\/[^\s'",]+/;
const CERT_PATH = /(\/[^\s'",]+\.(?:pem|crt))/g;

/** The CA path among the printed certificate paths: one naming a CA, else the only one. */
function findCaPath(output: string): string | undefined {
  const paths = [...output.matchAll(CERT_PATH)].map((m) => m[1] as string);
  return (
    paths.find((p) => /(^|[/._-])ca([._-]|$)/i.test(p.split('/').pop() ?? '')) ??
    (paths.length === 1 ? paths[0] : undefined)
  );
}

function waitForExit(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
}

export async function startDevServer(options: DevServerOptions): Promise<DevServerProcess> {
  const cli = join(REPO_ROOT, 'bin/ldapmock.js');
  const compiled = join(REPO_ROOT, 'dist/cli/main.js');
  if (!existsSync(compiled)) {
    throw new Error(
      `${cli} runs ${compiled}, which does not exist: run \`npm run build\` (npm ci does it) first`,
    );
  }
  const args = [
    cli,
    'serve',
    '--port',
    String(options.port),
    '--ldaps-port',
    String(options.ldapsPort),
    '--cert-dir',
    options.certDir,
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  const collect = (chunk: Buffer): void => {
    printed += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const command = `node ${args.join(' ')}`;

  const stop = async (): Promise<number | string> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    const exited = waitForExit(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };

  const timeoutMs = options.startTimeoutMs ?? 20_000;
  const started = Date.now();
  for (;;) {
    const url = LDAP_URL.exec(printed)?.[0];
    const ldapsUrl = LDAPS_URL.exec(printed)?.[0];
    const caFile = findCaPath(printed);
    if (url !== undefined && ldapsUrl !== undefined && caFile !== undefined && existsSync(caFile)) {
      return { url, ldapsUrl, caFile, output: () => printed, stop };
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${command} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${printed}`,
      );
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(
        `${command} did not print its ldap:// and ldaps:// URLs and CA certificate path within ${timeoutMs}ms:\n${printed}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
