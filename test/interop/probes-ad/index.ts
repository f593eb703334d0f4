/** The Samba AD probe catalogue, in run order. Add a probe to a topic file; it is picked up here. */
import type { Probe } from '../probe.js';
import { bindProbes } from './bind-probes.js';
import { pagingProbes } from './paging-probes.js';
import { passwordProbes } from './password-probes.js';
import { readProbes } from './read-probes.js';
import { rootDseProbes } from './root-dse-probes.js';
import { searchProbes } from './search-probes.js';
import { subschemaProbes } from './subschema-probes.js';
import { tlsProbes } from './tls-probes.js';
import { writeProbes } from './write-probes.js';

export const sambaProbes: readonly Probe[] = [
  ...rootDseProbes,
  ...bindProbes,
  ...searchProbes,
  ...pagingProbes,
  ...readProbes,
  ...passwordProbes,
  ...tlsProbes,
  ...subschemaProbes,
  ...writeProbes,
];

const names = new Set<string>();
for (const probe of sambaProbes) {
  if (names.has(probe.name)) throw new Error(`duplicate probe name: ${probe.name}`);
  names.add(probe.name);
}
