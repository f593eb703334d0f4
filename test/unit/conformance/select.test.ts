/** Choosing scenarios: filters, id patterns, and shards that split a CI matrix exactly. */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../src/conformance/catalogue/index.js';
import { parseShard, selectScenarios } from '../../../src/conformance/select.js';

describe('selectScenarios', () => {
  it('filters by profile, topic and id (exact or prefix*), keeping catalogue order', () => {
    const ad = selectScenarios(CATALOGUE, { profiles: ['ad'], topics: ['account-states'] });
    expect(ad.length).toBeGreaterThan(5);
    expect(ad.every((s) => s.profile === 'ad' && s.topic === 'account-states')).toBe(true);
    expect(ad.map((s) => s.id)).toEqual(CATALOGUE.filter((s) => ad.includes(s)).map((s) => s.id));
    expect(selectScenarios(CATALOGUE, { ids: ['null-bind/empty-password@ad'] }).map((s) => s.id)).toEqual([
      'null-bind/empty-password@ad',
    ]);
    expect(selectScenarios(CATALOGUE, { ids: ['tls/*'] }).every((s) => s.topic === 'tls')).toBe(true);
  });

  it('names an id that matches nothing, and refuses two scenarios with one id', () => {
    expect(() => selectScenarios(CATALOGUE, { ids: ['nope/nothing'] })).toThrow(
      /no scenario matches nope\/nothing/,
    );
    const twice = [CATALOGUE[0]!, CATALOGUE[0]!];
    expect(() => selectScenarios(twice, {})).toThrow(/share the id/);
  });

  it('parses shards and refuses bad ones with the expected form', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', 'two/4', '1', '']) expect(() => parseShard(bad)).toThrow(/i\/n/);
  });

  test.prop([fc.integer({ min: 1, max: 12 })], { numRuns: 12 })(
    'the n shards are disjoint, cover the selection, differ in size by at most one, and are deterministic',
    (count) => {
      const shards = Array.from({ length: count }, (_, i) =>
        selectScenarios(CATALOGUE, { shard: `${i + 1}/${count}` }),
      );
      const ids = shards.flatMap((shard) => shard.map((s) => s.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(CATALOGUE.map((s) => s.id).sort());
      const sizes = shards.map((shard) => shard.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(selectScenarios(CATALOGUE, { shard: `1/${count}` })).toEqual(shards[0]);
    },
  );
});
