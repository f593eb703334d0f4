/**
 * The soak, CI-sized: 200 connections at once, each connecting, binding, searching and
 * unbinding in a loop for 10 s (SOAK_SECONDS), against the server in this process. No operation
 * may fail; afterwards every connection is gone and descriptors and heap are back to baseline.
 * The full-size soak (1,000 × 60 s, against slapd too) is in bench/ (`npm run bench`).
 */

import { afterAll, beforeAll, expect, test } from 'vitest';
import { soak } from '../../bench/soak.js';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { heapAfterGc } from '../heap-after-gc.js';

const CONNECTIONS = Number(process.env['SOAK_CONNECTIONS'] ?? 200);
const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 10);

let server: MockServer;
let open = 0;
let opened = 0;

beforeAll(async () => {
  server = await startMockServer({ ldapsPort: null });
  server.onConnectionEvent((event) => {
    if (event.event === 'opened') {
      open++;
      opened++;
    } else if (event.event === 'closed') open--;
  });
});
afterAll(() => server.stop());

test(`${CONNECTIONS} connections × ${SECONDS} s of connect, bind, search, unbind: no failure, nothing leaked`, async () => {
  const options = {
    url: server.url,
    user: { dn: 'uid=alice,ou=people,dc=example,dc=org', password: 'alice-password' },
    search: { base: 'ou=bulk,dc=example,dc=org', filter: '(uid=bulk0042)', expect: 1 },
    pid: process.pid,
  };
  // A short warm-up, so the baseline is the server's steady state.
  await soak({ ...options, connections: 20, durationMs: 500 });
  const baseHeap = heapAfterGc();
  const result = await soak({ ...options, connections: CONNECTIONS, durationMs: SECONDS * 1000 });

  expect(result.firstFailures).toStrictEqual([]);
  expect(result.failures).toBe(0);
  // Every connection really cycled, many times over.
  expect(result.cycles).toBeGreaterThan(CONNECTIONS * 2);
  expect(opened).toBeGreaterThan(result.cycles);
  expect(open).toBe(0);
  expect(result.descriptorsAfter).toBeLessThanOrEqual(result.descriptorsBefore!);
  expect((heapAfterGc() - baseHeap) / 2 ** 20).toBeLessThan(24);
}, 120_000);
