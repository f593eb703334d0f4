/**
 * One connection to a mock server, optionally bound, that records what each operation observed
 * (normalised as the differential suites normalise it): for tests that hold the mock to answers
 * measured on a real server.
 */
import type { MockServer } from '../../src/server/index.js';
import type { Observed } from '../interop/normalise.js';
import { ProbeSession } from '../interop/probe-session.js';
import { ProbeConnection } from '../interop/wire/probe-connection.js';

/** Runs `act` on a connection bound as `as` (anonymous when absent), resets the server, returns the last observation. */
export async function lastObserved(
  server: MockServer,
  as: readonly [string, string] | undefined,
  act: (session: ProbeSession) => Promise<unknown>,
): Promise<Observed> {
  const seen: Observed[] = [];
  const session = new ProbeSession(await ProbeConnection.open(server.url, { ca: '' }), (_l, o) =>
    seen.push(o),
  );
  try {
    if (as) await session.bind('bind', as[0], as[1]);
    await act(session);
  } finally {
    await session.close();
  }
  await server.reset();
  return seen[seen.length - 1]!;
}

/** A result as `<code> <diagnostic>`. */
export function answer(observed: Observed): string {
  const result = observed as { code: number; diagnostic: string };
  return `${result.code} ${result.diagnostic}`.trim();
}
