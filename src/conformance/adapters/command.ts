/**
 * A program in any language as an adapter, speaking JSON lines on stdin/stdout: one request per
 * line, one answer per line, matched by `id` (see the README's "Conformance" section). One
 * process per profile, so the runner's profiles run side by side and a crash costs only the
 * request in flight: the next request starts the program again. Its stderr is kept (never
 * echoed: it may hold secrets) and its tail is quoted when the program dies, with the passwords
 * of every request it was sent redacted: the runner redacts only the current scenario's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { redactSecrets } from '../../client/errors/redaction.js';
import {
  type AdapterCapabilities,
  type ConformanceAdapter,
  ConformanceError,
  isErrorKind,
} from '../adapter.js';
import type { ProfileName } from '../scenario.js';

export interface CommandAdapterOptions {
  /** Shown in reports; default the command itself. */
  readonly name?: string;
  /** How long the program may take to answer its first request. Default 15 s. */
  readonly startTimeoutMs?: number;
}

type Answer = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: Error };

/** One running copy of the program. */
class AdapterProcess {
  private readonly child: ChildProcess;
  private readonly pending = new Map<string, (answer: Answer) => void>();
  /** The passwords this process was sent, kept out of the stderr it is quoted with. */
  private readonly secrets = new Set<string>();
  private stderr = '';
  private nextId = 1;
  /** Why the process is gone, once it is. */
  ended: string | undefined;

  constructor(command: string) {
    this.child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      // Redacted before it is cut, so the cut cannot leave part of a password.
      this.stderr = redactSecrets(this.stderr + chunk, [...this.secrets]).slice(-2_000);
    });
    this.child.stdin!.on('error', () => undefined);
    this.child.on('error', (error) => this.end(`cannot run ${JSON.stringify(command)}: ${error.message}`));
    this.child.on('exit', (code, signal) => {
      const output = this.stderr.trim();
      this.end(`the adapter program exited (${signal ?? `code ${code}`})${output ? `: ${output}` : ''}`);
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.answer(line));
  }

  request(body: Record<string, unknown>, timeoutMs?: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.ended !== undefined) return reject(new ConformanceError('failed', this.ended));
      const id = String(this.nextId++);
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(
              () => this.settle(id, { ok: false, error: new Error(`no answer within ${timeoutMs} ms`) }),
              timeoutMs,
            );
      this.pending.set(id, (answer) => {
        clearTimeout(timer);
        if (answer.ok) resolve(answer.result);
        else reject(answer.error);
      });
      for (const secret of secretsOf(body)) this.secrets.add(secret);
      this.child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  /** Ends its input, and kills it if it has not exited `graceMs` later. */
  async stop(graceMs = 2_000): Promise<void> {
    this.child.stdin!.end();
    if (this.ended !== undefined) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill();
        resolve();
      }, graceMs);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private answer(line: string): void {
    let answer: { id?: unknown; result?: unknown; error?: { kind?: unknown; message?: unknown } };
    try {
      answer = JSON.parse(line);
    } catch {
      return; // not a protocol line (a library printing to stdout): ignored
    }
    if (answer.error === undefined) {
      this.settle(String(answer.id), { ok: true, result: answer.result });
      return;
    }
    const { kind, message } = answer.error ?? {};
    const error = Object.assign(new Error(typeof message === 'string' ? message : 'no message'), {
      kind: kind === 'not-applicable' || isErrorKind(kind) ? kind : undefined,
    });
    this.settle(String(answer.id), { ok: false, error });
  }

  private settle(id: string, answer: Answer): void {
    const waiting = this.pending.get(id);
    this.pending.delete(id);
    waiting?.(answer);
  }

  private end(reason: string): void {
    this.ended ??= reason;
    for (const id of [...this.pending.keys()]) {
      this.settle(id, { ok: false, error: new ConformanceError('failed', `crashed: ${reason}`) });
    }
  }
}

/** The passwords a request carries (as the runner counts them: three characters or more). */
function secretsOf(body: Record<string, unknown>): string[] {
  const config = body['config'] as Record<string, unknown> | undefined;
  return [body['password'], body['newPassword'], config?.['bindpass']].filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= 3,
  );
}

export async function commandAdapter(
  command: string,
  options: CommandAdapterOptions = {},
): Promise<ConformanceAdapter> {
  const processes = new Map<ProfileName | 'start', AdapterProcess>();
  const processFor = (key: ProfileName | 'start') => {
    let running = processes.get(key);
    if (!running || running.ended !== undefined) processes.set(key, (running = new AdapterProcess(command)));
    return running;
  };

  let capabilities: AdapterCapabilities = { actions: ['login'] };
  let declaredName: string | undefined;
  const first = processFor('start');
  try {
    const declared = await first.request({ action: 'capabilities' }, options.startTimeoutMs ?? 15_000);
    if (typeof declared === 'object' && declared !== null) {
      const { name, ...declaredCapabilities } = declared as AdapterCapabilities & { name?: unknown };
      capabilities = { actions: ['login'], ...declaredCapabilities };
      if (typeof name === 'string') declaredName = name;
    }
  } catch (error) {
    if (first.ended !== undefined) throw new Error(`the adapter program did not start: ${first.ended}`);
    if ((error as Error).message.startsWith('no answer within')) {
      await first.stop(0);
      throw new Error(`the adapter program did not answer its first request: ${(error as Error).message}`);
    }
    // Any other error answer: a program that knows only login.
  }
  // The first process serves the first profile that asks.
  let spare: AdapterProcess | undefined = first;
  processes.delete('start');
  const forProfile = (profile: ProfileName) => {
    if (spare && !processes.has(profile)) {
      processes.set(profile, spare);
      spare = undefined;
    }
    return processFor(profile);
  };
  return {
    name: options.name ?? declaredName ?? command,
    capabilities,
    login: async (config, username, password, context) =>
      (await forProfile(context.profile).request({
        action: 'login',
        profile: context.profile,
        config,
        username,
        password,
        ...(context.policies ? { policies: context.policies } : {}),
      })) as Awaited<ReturnType<ConformanceAdapter['login']>>,
    listUsers: async (config, listOptions, { profile }) =>
      (await forProfile(profile).request({ action: 'listUsers', profile, config, ...listOptions })) as {
        usernames: string[];
      },
    testConnection: async (config, { profile }) =>
      (await forProfile(profile).request({ action: 'testConnection', profile, config })) as Awaited<
        ReturnType<NonNullable<ConformanceAdapter['testConnection']>>
      >,
    rotatePassword: async (config, username, newPassword, { profile }) =>
      (await forProfile(profile).request({
        action: 'rotatePassword',
        profile,
        config,
        username,
        newPassword,
      })) as {
        dn: string;
      },
    close: async () => {
      await Promise.all([...processes.values(), ...(spare ? [spare] : [])].map((running) => running.stop()));
    },
  };
}
