/**
 * A real server and the mock, started together for a differential suite. If either fails to
 * start, the other is stopped and the failure thrown: with CI=true a suite fails, never skips.
 */
import type { MockServer } from '../../src/server/index.js';

export interface Stoppable {
  stop(): Promise<void>;
}

export interface ServerPair<Reference extends Stoppable> {
  readonly reference: Reference;
  readonly mock: MockServer;
  stop(): Promise<void>;
}

export async function startPair<Reference extends Stoppable>(
  reference: Promise<Reference>,
  mock: Promise<MockServer>,
): Promise<ServerPair<Reference>> {
  const [referenceResult, mockResult] = await Promise.allSettled([reference, mock]);
  if (referenceResult.status === 'rejected' || mockResult.status === 'rejected') {
    await Promise.all(
      [referenceResult, mockResult].map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)),
    );
    throw referenceResult.status === 'rejected'
      ? referenceResult.reason
      : (mockResult as PromiseRejectedResult).reason;
  }
  const pair = { reference: referenceResult.value, mock: mockResult.value };
  return { ...pair, stop: async () => void (await Promise.all([pair.reference.stop(), pair.mock.stop()])) };
}
