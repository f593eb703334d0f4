/**
 * Result sizes: paged results (RFC 2696), unpaged searches over more than AD's MaxPageSize (1000;
 * Samba has no such limit), client size limits, and range retrieval of a 1600-value member
 * attribute (MS-ADTS 3.1.1.3.1.3.3).
 */
import { PagedResultsControl } from 'ldapts';
import { decodePagedValue } from '../normalise.js';
import type { Probe } from '../probe.js';
import { ALICE, BIG_GROUP, BULK, DEVELOPERS, USERS } from './fixture-names.js';

function paged(name: string, base: string, filter: string, pageSize: number): Probe {
  return {
    name,
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind as alice', ALICE.upn, ALICE.password);
      await s.searchPaged(
        `paged search, page size ${pageSize}`,
        { base, filter, attributes: ['1.1'] },
        pageSize,
      );
    },
  };
}

function bigGroup(name: string, attributes: readonly string[], base = BIG_GROUP): Probe {
  return {
    name,
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind as alice', ALICE.upn, ALICE.password);
      await s.search('read the group', { base, scope: 'base', attributes });
    },
  };
}

export const pagingProbes: readonly Probe[] = [
  paged('paging: page size 2 over the groups of CN=Users', USERS, '(objectClass=group)', 2),
  paged(
    'paging: page size 3 over the users of CN=Users',
    USERS,
    '(&(objectCategory=person)(objectClass=user))',
    3,
  ),
  paged('paging: page size 500 over OU=bulk', BULK, '(objectClass=user)', 500),
  paged('paging: page size 2000 (above MaxPageSize) over OU=bulk', BULK, '(objectClass=user)', 2000),
  {
    name: 'paging: unpaged search over OU=bulk (1600 entries)',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind as alice', ALICE.upn, ALICE.password);
      await s.search('unpaged subtree search', {
        base: BULK,
        filter: '(objectClass=user)',
        attributes: ['1.1'],
      });
    },
  },
  {
    name: 'paging: client size limit 10 without paging',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind as alice', ALICE.upn, ALICE.password);
      await s.search('sizeLimit 10', { base: BULK, scope: 'one', sizeLimit: 10, attributes: ['1.1'] });
    },
  },
  {
    name: 'paging: size 0 with the cookie abandons the paged search',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind as alice', ALICE.upn, ALICE.password);
      const first = new PagedResultsControl({ value: { size: 10 } });
      const page = await s.search('first page', {
        base: BULK,
        scope: 'one',
        attributes: ['1.1'],
        controls: [first],
      });
      const response = page?.result.controls.find((c) => c.oid === PagedResultsControl.type);
      if (response?.value === undefined) return;
      const { cookie } = decodePagedValue(response.value);
      const abandon = new PagedResultsControl({ value: { size: 0, cookie } });
      await s.search('size 0 with the cookie', {
        base: BULK,
        scope: 'one',
        attributes: ['1.1'],
        controls: [abandon],
      });
    },
  },
  {
    name: 'paging: a cookie the server never issued',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind as alice', ALICE.upn, ALICE.password);
      const bogus = new PagedResultsControl({
        value: { size: 10, cookie: Buffer.from('0102030405060708', 'hex') },
      });
      await s.search('made-up cookie', { base: BULK, scope: 'one', attributes: ['1.1'], controls: [bogus] });
    },
  },
  {
    name: 'paging: critical paged control on an unauthenticated connection',
    async run(context) {
      const s = await context.open('connect');
      const control = new PagedResultsControl({ critical: true, value: { size: 2 } });
      await s.search('critical paged control', {
        base: USERS,
        scope: 'one',
        attributes: ['1.1'],
        controls: [control],
      });
    },
  },
  bigGroup('range: plain member of the 1600-member group', ['member']),
  bigGroup('range: member;range=0-*', ['member;range=0-*']),
  bigGroup('range: member;range=0-1499', ['member;range=0-1499']),
  bigGroup('range: member;range=0-9 (which ten values)', ['member;range=0-9']),
  bigGroup('range: member;range=1500-* (the rest)', ['member;range=1500-*']),
  bigGroup('range: member;range=1595-1700 (end past the last value)', ['member;range=1595-1700']),
  bigGroup('range: member;range=2000-* (start past the last value)', ['member;range=2000-*']),
  bigGroup('range: member together with member;range=0-1', ['member', 'member;range=0-1']),
  bigGroup('range: "*" on the big group', ['*']),
  bigGroup('range: member;range=0-* of a small group', ['member;range=0-*'], DEVELOPERS),
  bigGroup('range: member;range=5-* of a two-member group', ['member;range=5-*'], DEVELOPERS),
];
