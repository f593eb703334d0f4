import { writeFileSync } from 'node:fs';
import { runProbe } from './probe-runner.js';
import { openldapProbes } from './probes/index.js';
import { slapdTarget, startSlapdForSuite } from './slapd.js';

const t0 = Date.now();
const s = await startSlapdForSuite('dump');
console.log('start ms', Date.now() - t0);
const target = slapdTarget(s);
const out: unknown[] = [];
const filter = process.argv[2];
for (const p of openldapProbes) {
  if (filter && !p.name.includes(filter)) continue;
  const run = await runProbe(p, target);
  out.push({ probe: p.name, ...run });
}
writeFileSync('/tmp/scratch/dump.json', JSON.stringify(out, null, 1));
await s.stop();
console.log('done', Date.now() - t0);
