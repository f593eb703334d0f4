import { builtinAdapter, runConformance } from 'ldapmock/conformance';
import { expect, test } from 'vitest';

test('our authenticator passes the AD account-state scenarios', async () => {
  const report = await runConformance({
    adapter: builtinAdapter,
    profiles: ['ad'],
    topics: ['account-states'],
  });
  expect(report.counts.fail).toBe(0); // counts: total, pass, fail, notApplicable; results: each scenario
});
