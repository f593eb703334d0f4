/**
 * Probes of slapo-sssvlv (server-side sorting and the virtual list view) on the osixia-style
 * folder's people, run on real slapd and on the mock alike: which entries come back in which
 * order, the result, and the sortResult, virtual list view and paged controls (context IDs and
 * cookies left out: each server makes its own).
 */
import { BerReader } from 'ldapts';
import {
  listViewControl,
  listViewResult,
  SORT_RESULT_OID,
  sortControl,
  sortResultCode,
  VLV_RESULT_OID,
} from './probe-controls.js';
import { ProbeSession } from './probe-session.js';
import type { Outcome } from './wire/probe-connection.js';
import { ProbeConnection } from './wire/probe-connection.js';

const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319';

type Target = { readonly offset: number; readonly count: number } | { readonly value: string };

interface SortedViewCase {
  readonly keys?: readonly string[];
  readonly critical?: boolean;
  readonly view?: { readonly before: number; readonly after: number; readonly target: Target };
  readonly filter?: string;
  readonly pageSize?: number;
}

export const SORTED_VIEW_CASES: Readonly<Record<string, SortedViewCase>> = {
  'sn ascending': { keys: ['sn:caseIgnoreOrderingMatch'] },
  'sn descending': { keys: ['-sn:caseIgnoreOrderingMatch'] },
  'mail then sn, the entry without mail last': {
    keys: ['mail:caseIgnoreOrderingMatch', 'sn:caseIgnoreOrderingMatch'],
    filter: '(objectClass=*)',
  },
  'mail reversed, the entry without mail first': {
    keys: ['-mail:caseIgnoreOrderingMatch'],
    filter: '(objectClass=*)',
  },
  'four keys, three allowed': {
    keys: [
      'sn:caseIgnoreOrderingMatch',
      'cn:caseIgnoreOrderingMatch',
      'uid:caseIgnoreOrderingMatch',
      'mail:caseIgnoreOrderingMatch',
    ],
  },
  'an undefined attribute, not critical': { keys: ['noSuchAttribute'] },
  'no ordering rule, even with nothing found': { keys: ['sn'], filter: '(uid=nobody)' },
  'no ordering rule, critical': { keys: ['sn'], critical: true },
  'nothing found': { keys: ['sn:caseIgnoreOrderingMatch'], filter: '(uid=nobody)' },
  'view: 1 before, 1 after offset 3 of an unknown count': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 1, after: 1, target: { offset: 3, count: 0 } },
  },
  'view: the first and 2 after': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 0, after: 2, target: { offset: 1, count: 0 } },
  },
  'view: offset 3 of 12, scaled to the list': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 1, after: 1, target: { offset: 3, count: 12 } },
  },
  'view: offset 2 of 3, scaled to the list': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 1, after: 1, target: { offset: 2, count: 3 } },
  },
  'view: offset 0 of 0 is the last': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 1, after: 1, target: { offset: 0, count: 0 } },
  },
  'view: the last by offset = count': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 0, after: 0, target: { offset: 6, count: 6 } },
  },
  'view: offset past the list': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 1, after: 1, target: { offset: 99, count: 0 } },
  },
  'view: 20 before and after': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 20, after: 20, target: { offset: 3, count: 0 } },
  },
  'view: by value': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 1, after: 1, target: { value: 'Rod' } },
  },
  'view: by a value before every entry': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 1, after: 1, target: { value: 'a' } },
  },
  'view: by a value past every entry': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 1, after: 1, target: { value: 'zzz' } },
  },
  'view: by value, reversed': {
    keys: ['-sn:caseIgnoreOrderingMatch'],
    view: { before: 0, after: 1, target: { value: 'S' } },
  },
  'view: nothing found': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 1, after: 1, target: { offset: 3, count: 0 } },
    filter: '(uid=nobody)',
  },
  'view without a sort': { view: { before: 1, after: 1, target: { offset: 1, count: 0 } } },
  'view with paging': {
    keys: ['sn:caseIgnoreOrderingMatch'],
    view: { before: 1, after: 1, target: { offset: 1, count: 0 } },
    pageSize: 2,
  },
  'sorted pages of 2': { keys: ['sn:caseIgnoreOrderingMatch'], pageSize: 2 },
};

export interface SortedViewAnswer {
  readonly code: number;
  readonly message: string;
  /** uid (or the DN without a uid) of each entry, in the order sent. */
  readonly entries: readonly string[];
  readonly sortResult?: number;
  readonly view?: { position: number; count: number; code: number };
  readonly paged?: { size: number; more: boolean };
}

/** Each case's answer, searched under `base` (subtree) as `bindDN`; paged cases page to the end. */
export async function observeSortedViews(
  url: string,
  ca: string,
  bindDN: string,
  password: string,
  base: string,
): Promise<Record<string, SortedViewAnswer | SortedViewAnswer[]>> {
  const answers: Record<string, SortedViewAnswer | SortedViewAnswer[]> = {};
  for (const [name, probe] of Object.entries(SORTED_VIEW_CASES)) {
    // A connection each: slapd keeps a view's sort open until its connection closes, and
    // refuses new ones (51) past olcSssVlvMax, which the mock does not emulate.
    const session = new ProbeSession(await ProbeConnection.open(url, { ca }), undefined);
    try {
      await session.bind('bind', bindDN, password);
      answers[name] = await answer(session, name, probe, base);
    } finally {
      await session.close();
    }
  }
  return answers;
}

async function answer(
  session: ProbeSession,
  name: string,
  probe: SortedViewCase,
  base: string,
): Promise<SortedViewAnswer | SortedViewAnswer[]> {
  const controls = [
    ...(probe.keys ? [sortControl(probe.keys, probe.critical)] : []),
    ...(probe.view ? [listViewControl(probe.view.before, probe.view.after, probe.view.target)] : []),
  ];
  const params = {
    base,
    scope: 'sub' as const,
    filter: probe.filter ?? '(uid=*)',
    attributes: ['uid'],
    controls,
  };
  if (probe.pageSize === undefined) {
    const outcome = await session.search(name, params);
    if (!outcome) throw new Error(`${name}: no answer`);
    return answerOf(outcome);
  }
  const paged = await session.searchPaged(name, params, probe.pageSize, 10);
  if (!paged) throw new Error(`${name}: no answer`);
  return paged.pages.map(answerOf);
}

function answerOf(outcome: Outcome): SortedViewAnswer {
  const control = (oid: string) => outcome.result.controls.find((c) => c.oid === oid)?.value;
  const sorted = control(SORT_RESULT_OID);
  const view = control(VLV_RESULT_OID);
  const paged = control(PAGED_RESULTS_OID);
  return {
    code: outcome.result.resultCode,
    message: outcome.result.diagnosticMessage,
    entries: outcome.entries.map(
      (e) => e.attributes.find((a) => a.type === 'uid')?.values[0]?.toString() ?? e.dn,
    ),
    ...(sorted && { sortResult: sortResultCode(sorted) }),
    ...(view && { view: listViewResult(view) }),
    ...(paged && { paged: pagedValue(paged) }),
  };
}

function pagedValue(value: Buffer): { size: number; more: boolean } {
  const reader = new BerReader(value);
  reader.readSequence();
  const size = reader.readInt() ?? -1;
  return { size, more: (reader.readString(0x04, true)?.length ?? 0) > 0 };
}
