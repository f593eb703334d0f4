/**
 * The soak: N connections at once, each in a closed loop of connect, bind, search, unbind, until
 * the deadline. Every failed operation is counted (none is retried), so a server that drops,
 * stalls or leaks under sustained load shows it. Used by `npm run bench` (1,000 × 60 s against
 * the mock in its own process and against slapd) and, CI-sized, by the test suite.
 */
import { readdirSync } from 'node:fs';
import { Client } from 'ldapts';
import { residentKiB } from './slapd.js';

export interface SoakOptions {
  readonly url: string;
  readonly user: { readonly dn: string; readonly password: string };
  /** A search every cycle makes, and the number of entries it must return. */
  readonly search: { readonly base: string; readonly filter: string; readonly expect: number };
  readonly connections: number;
  readonly durationMs: number;
  /** The server's process, when it has its own: its RSS and open descriptors are sampled. */
  readonly pid?: number;
}

export interface SoakResult {
  readonly connections: number;
  readonly seconds: number;
  /** Completed connect + bind + search + unbind cycles. */
  readonly cycles: number;
  readonly operations: number;
  readonly failures: number;
  /** The first few failures, for the report. */
  readonly firstFailures: readonly string[];
  /** Server RSS in KiB, sampled each second (empty without `pid`). */
  readonly rssKiB: readonly number[];
  /** Server descriptors open before the soak and once every client has gone (undefined without `pid`). */
  readonly descriptorsBefore: number | undefined;
  readonly descriptorsAfter: number | undefined;
}

export async function soak(options: SoakOptions): Promise<SoakResult> {
  const { url, user, search, connections, durationMs, pid } = options;
  const descriptorsBefore = pid === undefined ? undefined : openDescriptors(pid);
  const rssKiB: number[] = [];
  const sampler = pid === undefined ? undefined : setInterval(() => rssKiB.push(residentKiB(pid)), 1000);
  const failures: string[] = [];
  let cycles = 0;
  const started = performance.now();
  const deadline = started + durationMs;

  const loop = async () => {
    while (performance.now() < deadline) {
      const client = new Client({ url, timeout: 30_000, connectTimeout: 30_000 });
      try {
        await client.bind(user.dn, user.password);
        const { searchEntries } = await client.search(search.base, {
          filter: search.filter,
          attributes: ['cn'],
        });
        if (searchEntries.length !== search.expect) {
          throw new Error(`search returned ${searchEntries.length} entries, expected ${search.expect}`);
        }
        await client.unbind();
        cycles++;
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
        await client.unbind().catch(() => undefined);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const seconds = (performance.now() - started) / 1000;
  if (sampler) clearInterval(sampler);
  const descriptorsAfter = pid === undefined ? undefined : await settledDescriptors(pid, descriptorsBefore!);
  return {
    connections,
    seconds,
    cycles,
    // connect + bind, search, unbind: three requests a cycle.
    operations: cycles * 3,
    failures: failures.length,
    firstFailures: [...new Set(failures)].slice(0, 5),
    rssKiB,
    descriptorsBefore,
    descriptorsAfter,
  };
}

function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Closed sockets leave the server's table a moment after the client's unbind; wait up to 5 s. */
async function settledDescriptors(pid: number, before: number): Promise<number> {
  const until = Date.now() + 5000;
  let now = openDescriptors(pid);
  while (now > before && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    now = openDescriptors(pid);
  }
  return now;
}
