/**
 * The scenario catalogue as data: enough scenarios, stable unique ids, every topic the kit
 * promises, every AD account state, fixtures that parse and endpoints the runner knows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../src/conformance/catalogue/index.js';
import { endpointsUsed } from '../../../src/conformance/endpoints.js';
import { ERROR_KINDS, PROFILES, TOPICS } from '../../../src/conformance/scenario.js';
import { readLdif } from '../../../src/core/ldif-reader.js';

describe('the catalogue', () => {
  it('holds at least 120 scenarios with unique ids of the form topic/name[@profile]', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(120);
    const ids = CATALOGUE.map((scenario) => scenario.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const scenario of CATALOGUE) {
      expect(scenario.id).toMatch(/^[a-z-]+\/[a-z0-9-]+(@(openldap|ad|samba))?$/);
      expect(scenario.id.startsWith(`${scenario.topic}/`)).toBe(true);
      if (scenario.id.includes('@')) expect(scenario.id.endsWith(`@${scenario.profile}`)).toBe(true);
      expect(PROFILES).toContain(scenario.profile);
      expect(TOPICS).toContain(scenario.topic);
    }
  });

  it('says for every scenario which real failure it guards, in one line', () => {
    for (const scenario of CATALOGUE) {
      expect(scenario.why.length, scenario.id).toBeGreaterThan(20);
      expect(scenario.why, scenario.id).not.toContain('\n');
    }
  });

  it('covers every topic, each with several scenarios, and every profile', () => {
    for (const topic of TOPICS) {
      expect(CATALOGUE.filter((s) => s.topic === topic).length, topic).toBeGreaterThanOrEqual(3);
    }
    for (const profile of PROFILES) {
      expect(CATALOGUE.filter((s) => s.profile === profile).length, profile).toBeGreaterThanOrEqual(30);
    }
  });

  it('covers every AD account state on both AD profiles, and the advisories the kit names', () => {
    const text = (s: (typeof CATALOGUE)[number]) => `${s.id} ${s.why}`;
    for (const data of ['52e', '525', '530', '531', '532', '533', '701', '773', '775']) {
      for (const profile of ['ad', 'samba'] as const) {
        expect(
          CATALOGUE.some(
            (s) => s.profile === profile && s.topic === 'account-states' && text(s).includes(data),
          ),
          `${data} on ${profile}`,
        ).toBe(true);
      }
    }
    const all = CATALOGUE.map(text).join('\n');
    for (const reference of [
      'vault#2086',
      'GHSA-6mwx-4547-5vc9',
      'CVE-2025-6004',
      'CVE-2025-6013',
      'ldapauth-fork',
    ]) {
      expect(all).toContain(reference);
    }
  });

  it('expects only known error kinds', () => {
    for (const scenario of CATALOGUE) {
      if (!('error' in scenario.expect)) continue;
      const kinds =
        typeof scenario.expect.error === 'string' ? [scenario.expect.error] : scenario.expect.error;
      for (const kind of kinds) expect(ERROR_KINDS, scenario.id).toContain(kind);
    }
  });

  it('has fixtures that parse and names only the endpoints the runner fills in', () => {
    const known = new Set(['URL', 'LDAPS_URL', 'PEER_URL', 'PEER_LDAPS_URL', 'CLOSED_URL', 'CA', 'OTHER_CA']);
    for (const scenario of CATALOGUE) {
      if (scenario.fixture) expect(readLdif(scenario.fixture).errors, scenario.id).toEqual([]);
      for (const name of endpointsUsed(scenario.config))
        expect(known, `${scenario.id}: $${name}`).toContain(name);
    }
  });

  it('is described by the README with its real size', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`${CATALOGUE.length} scenarios over ${TOPICS.length} topics`);
    expect(readme).toContain(`to ${CATALOGUE.length}\nscenarios`);
  });

  it('is frozen data: the same catalogue on every import', async () => {
    expect(Object.isFrozen(CATALOGUE)).toBe(true);
    const again = await import('../../../src/conformance/catalogue/index.js');
    expect(again.CATALOGUE).toBe(CATALOGUE);
  });
});
