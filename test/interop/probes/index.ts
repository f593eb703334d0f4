/** The OpenLDAP probe catalogue, in run order. Add a probe to a topic file; it is picked up here. */
import type { Probe } from '../probe.js';
import { bindProbes } from './bind-probes.js';
import { clientProbes } from './client-probes.js';
import { compareProbes } from './compare-probes.js';
import { extendedProbes } from './extended-probes.js';
import { filterProbes } from './filter-probes.js';
import { pagingProbes } from './paging-probes.js';
import { readProbes } from './read-probes.js';
import { searchProbes } from './search-probes.js';
import { subschemaProbes } from './subschema-probes.js';
import { tlsProbes } from './tls-probes.js';
import { writeProbes } from './write-probes.js';

export const openldapProbes: readonly Probe[] = [
  ...bindProbes,
  ...searchProbes,
  ...filterProbes,
  ...pagingProbes,
  ...compareProbes,
  ...readProbes,
  ...writeProbes,
  ...extendedProbes,
  ...tlsProbes,
  ...clientProbes,
  ...subschemaProbes,
];

const names = new Set<string>();
for (const probe of openldapProbes) {
  if (names.has(probe.name)) throw new Error(`duplicate probe name: ${probe.name}`);
  names.add(probe.name);
}
