/** RFC 2696 paged results against the 500-entry hard limit (size.prtotal = hard by default). */
import { PagedResultsControl } from 'ldapts';
import { decodePagedValue } from '../normalise.js';
import type { Probe } from '../probe.js';
import { ALICE, ALICE_PASSWORD, BULK, PEOPLE, ROOT_DN } from './fixture-names.js';

function pagedAs(
  name: string,
  identity: 'anonymous' | 'alice' | 'rootdn',
  base: string,
  pageSize: number,
): Probe {
  return {
    name,
    async run(context) {
      const s = await context.open('connect');
      if (identity === 'alice') await s.bind('bind as alice', ALICE, ALICE_PASSWORD);
      if (identity === 'rootdn') await s.bind('bind as rootdn', ROOT_DN, context.target.rootPassword);
      await s.searchPaged(`paged search, page size ${pageSize}`, { base, attributes: ['1.1'] }, pageSize);
    },
  };
}

export const pagingProbes: readonly Probe[] = [
  pagedAs('paging: page size 2 over ou=bulk (601 entries, capped at 500)', 'anonymous', BULK, 2),
  pagedAs('paging: page size 100 over ou=bulk', 'anonymous', BULK, 100),
  pagedAs('paging: page size 100 over ou=bulk as a user', 'alice', BULK, 100),
  pagedAs('paging: page size 1000 (above the limit) over ou=bulk', 'anonymous', BULK, 1000),
  pagedAs('paging: page size 250 as rootdn (unlimited)', 'rootdn', BULK, 250),
  pagedAs('paging: result smaller than one page', 'anonymous', PEOPLE, 100),
  {
    name: 'paging: size 0 with the cookie abandons the paged search',
    async run(context) {
      const s = await context.open('connect');
      const first = new PagedResultsControl({ value: { size: 10 } });
      const page = await s.search('first page', { base: BULK, attributes: ['1.1'], controls: [first] });
      const response = page?.result.controls.find((c) => c.oid === PagedResultsControl.type);
      if (response?.value === undefined) return;
      // The cookie is opaque: re-send it verbatim.
      const { cookie } = decodePagedValue(response.value);
      const abandon = new PagedResultsControl({ value: { size: 0, cookie } });
      await s.search('size 0 with the cookie', { base: BULK, attributes: ['1.1'], controls: [abandon] });
    },
  },
  {
    name: 'paging: a cookie the server never issued',
    async run(context) {
      const s = await context.open('connect');
      const bogus = new PagedResultsControl({
        value: { size: 10, cookie: Buffer.from('0102030405060708', 'hex') },
      });
      await s.search('search with a made-up cookie', { base: BULK, attributes: ['1.1'], controls: [bogus] });
    },
  },
  {
    name: 'paging: critical paged control, first page of a one-level search',
    async run(context) {
      const s = await context.open('connect');
      const control = new PagedResultsControl({ critical: true, value: { size: 2 } });
      await s.search('critical paged control', {
        base: BULK,
        scope: 'one',
        attributes: ['1.1'],
        controls: [control],
      });
    },
  },
];
