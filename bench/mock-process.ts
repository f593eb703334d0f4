/** Parent side of bench/mock-child.ts: start the mock in its own process, get its URL, stop it. */
import { join } from 'node:path';
import type { MockServerOptions } from '../src/server/index.js';
import { spawnTracked, stopProcess, waitForLine } from './child-processes.js';
import { BENCH_DIR } from './paths.js';

export interface MockProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startMockProcess(options: MockServerOptions, timeoutMs: number): Promise<MockProcess> {
  const child = spawnTracked(
    process.execPath,
    ['--import', 'tsx', join(BENCH_DIR, 'mock-child.ts'), JSON.stringify(options)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  try {
    const { match } = await waitForLine(child, /^READY (\S+)$/m, timeoutMs);
    return { url: match[1]!, pid: child.pid!, stop: () => stopProcess(child) };
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
}
