/**
 * Choosing scenarios: by profile, topic and id, then one shard of what is left, so a CI matrix
 * of N machines runs the catalogue once between them.
 */
import type { ProfileName, Scenario, Topic } from './scenario.js';

export interface Selection {
  readonly profiles?: readonly ProfileName[];
  readonly topics?: readonly Topic[];
  /** Exact ids, or prefixes ending in `*` (`escaping/*`). */
  readonly ids?: readonly string[];
  /** `i/n`: the i-th of n shards (1-based). */
  readonly shard?: string;
}

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new RangeError(`shard must be i/n with 1 ≤ i ≤ n (e.g. 2/4), got ${JSON.stringify(text)}`);
  }
  return { index, count };
}

function idMatches(id: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern,
  );
}

/**
 * The scenarios chosen, in catalogue order. Shards deal the chosen scenarios round-robin in id
 * order, so every shard gets about as many and each scenario lands in exactly one.
 */
export function selectScenarios(catalogue: readonly Scenario[], selection: Selection): Scenario[] {
  const { profiles, topics, ids } = selection;
  const seen = new Set<string>();
  for (const { id } of catalogue) {
    if (seen.has(id)) throw new RangeError(`two scenarios share the id ${id}`);
    seen.add(id);
  }
  if (ids) {
    const unknown = ids.filter((pattern) => !catalogue.some((scenario) => idMatches(scenario.id, [pattern])));
    if (unknown.length > 0) throw new RangeError(`no scenario matches ${unknown.join(', ')}`);
  }
  const chosen = catalogue.filter(
    (scenario) =>
      (!profiles || profiles.includes(scenario.profile)) &&
      (!topics || topics.includes(scenario.topic)) &&
      (!ids || idMatches(scenario.id, ids)),
  );
  if (selection.shard === undefined) return chosen;
  const { index, count } = parseShard(selection.shard);
  const inShard = new Set(
    chosen
      .map((scenario) => scenario.id)
      .sort()
      .filter((_, position) => position % count === index - 1),
  );
  return chosen.filter((scenario) => inShard.has(scenario.id));
}
