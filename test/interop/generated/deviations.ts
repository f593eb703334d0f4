/**
 * Intended deviations of the mock from a real server on generated operations: each is named,
 * says what differs and why, and rewrites both servers' observations of the operations it covers
 * so that the documented difference alone disappears. The summary of a generated run lists the
 * deviations that were applied.
 */
import type { Observed } from '../normalise.js';
import type { Operation } from './operation.js';

export interface Deviation {
  /** Short, stable name shown in the run's summary. */
  readonly id: string;
  /** What a client sees differ. */
  readonly differs: string;
  /** Why the mock does not do what the server does. */
  readonly why: string;
  /** The observation with the difference removed, or undefined when the deviation does not cover it. */
  readonly normalise: (op: Operation, observed: Observed) => Observed | undefined;
  /**
   * For a difference only the two observations together show (one server's answer depends on the
   * clock): true when the step's difference is this deviation's, so the step is not compared.
   */
  readonly covers?: (op: Operation, reference: Observed, mock: Observed) => boolean;
}

type Fields = { readonly [key: string]: Observed };

function isRecord(value: Observed | undefined): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Result code of a search observation's result (or of its last page); undefined if none. */
function truncated(observed: Fields): boolean {
  const results: Observed[] = [];
  if (isRecord(observed['result'])) results.push(observed['result']);
  if (Array.isArray(observed['pages']))
    for (const page of observed['pages']) {
      if (isRecord(page) && isRecord(page['result'])) results.push(page['result']);
    }
  return results.some((r) => isRecord(r) && r['code'] === 4);
}

/**
 * Which entries fill a result cut short by a size limit depends on the order the server finds
 * them in. slapd's back-mdb returns candidates in entry-ID order or walks its dn2id tree (children
 * by RDN length, then bytes) depending on how many candidates its indexes yield; the mock returns
 * entries in the order they were stored. RFC 4511 §4.5.2 leaves the order to the server, and no
 * client may rely on it. Compared instead: the result, the number of entries (each page's too).
 */
const truncatedResultEntries: Deviation = {
  id: 'truncated-result-entries',
  differs: 'which entries a size-limited (code 4) search or paged search returns',
  why: "back-mdb's candidate order (entry ID or dn2id walk, by index statistics) is not emulated",
  normalise(op, observed) {
    if (op.kind !== 'search' || !isRecord(observed) || !truncated(observed)) return undefined;
    const entries = observed['entries'];
    if (!isRecord(entries)) return undefined;
    return { ...observed, entries: `<${Object.keys(entries).length} entries, chosen by entry order>` };
  },
};

export const OPENLDAP_DEVIATIONS: readonly Deviation[] = [truncatedResultEntries];

/** The observation after every deviation that covers it, and the ids of those applied. */
export function applyDeviations(
  deviations: readonly Deviation[],
  op: Operation,
  observed: Observed,
): { readonly observed: Observed; readonly applied: readonly string[] } {
  let current = observed;
  const applied: string[] = [];
  for (const deviation of deviations) {
    const next = deviation.normalise(op, current);
    if (next === undefined) continue;
    current = next;
    applied.push(deviation.id);
  }
  return { observed: current, applied };
}

/** Result codes of a search observation: its result's, or each page's. */
function resultCodes(observed: Fields): Observed[] {
  if (isRecord(observed['result'])) return [observed['result']['code'] ?? null];
  if (!Array.isArray(observed['pages'])) return [];
  return observed['pages'].map((page) =>
    isRecord(page) && isRecord(page['result']) ? (page['result']['code'] ?? null) : null,
  );
}

/**
 * Samba counts a search's time limit in whole seconds of the wall clock, from when the request
 * arrived: with a limit of 1 s, a search that spans the turn of a second fails with 3 ("Indexed
 * and full searches both failed!"), however short it is — a full scan of the domain (20–40 ms)
 * does so a few times in a hundred. Which runs hit a second boundary is chance; the mock answers
 * such a search in full. The step is not compared when Samba ran out of time and the mock did not.
 */
const wallClockTimeLimit: Deviation = {
  id: 'samba-wall-clock-time-limit',
  differs: 'a search with a 1-second time limit that Samba ends with 3 (timeLimitExceeded)',
  why: "whether a search crosses a wall-clock second is timing, which the mock's answer does not depend on",
  normalise: () => undefined,
  covers(op, reference, mock) {
    if (op.kind !== 'search' || op.timeLimit !== 1 || !isRecord(reference) || !isRecord(mock)) return false;
    return resultCodes(reference).includes(3) && !resultCodes(mock).includes(3);
  },
};

/** An ordering item (`>=`, `<=`) on an attribute whose values are DNs. */
const DN_ORDERING = /\((member|memberOf|objectCategory|distinguishedName)(;[^=<>~]*)?(>=|<=)/i;

/**
 * Samba orders DN values (member, memberOf, objectCategory) by what its database stores for them
 * — the linked values' extended DNs with GUID and SID, an assertion naming an existing object
 * read as that object's GUID — so `(memberOf<=CN=Engineering,…)` holds or not by the objects'
 * GUIDs and the DNs' depths (measured: no order on the DN text alone reproduces it). Not
 * emulated: ordering on a DN means nothing to a client. Compared instead: the result codes.
 */
const dnOrdering: Deviation = {
  id: 'samba-dn-ordering',
  differs: 'which entries a search matches with >= or <= on a DN-valued attribute',
  why: 'Samba compares stored extended DNs (GUIDs, SIDs, depth), which the mock does not model',
  normalise(op, observed) {
    if (op.kind !== 'search' || !DN_ORDERING.test(op.filter) || !isRecord(observed)) return undefined;
    // How many pages there are depends on how many entries match: their codes, as a set.
    return { codes: [...new Set(resultCodes(observed))], entries: '<chosen by the order of stored DNs>' };
  },
};

/** Every entry of a search observation (paged or not), with each range-retrieved attribute's values counted. */
function countRanges(entries: Fields): Fields {
  const counted: Record<string, Observed> = {};
  for (const [dn, attributes] of Object.entries(entries)) {
    if (!isRecord(attributes)) {
      counted[dn] = attributes;
      continue;
    }
    const out: Record<string, Observed> = {};
    for (const [type, values] of Object.entries(attributes)) {
      out[type] =
        /;range=/i.test(type) && Array.isArray(values) ? `<${values.length} values of the range>` : values;
    }
    counted[dn] = out;
  }
  return counted;
}

/**
 * Range retrieval (`member;range=0-1`) returns a linked attribute's values in the order Samba
 * keeps them, by the linked objects' objectGUIDs; the objects a provision creates (Domain Admins,
 * Cert Publishers…) get random GUIDs on every DC, so which of them fall in a range is chance. The
 * mock orders by the fixture's GUIDs. Compared instead: how many values each range holds (the
 * whole attribute, asked for without a range, is compared value for value).
 */
const rangeOrder: Deviation = {
  id: 'samba-range-order',
  differs: 'which values of a linked attribute a range (member;range=…) returns',
  why: 'Samba orders linked values by objectGUIDs it draws at random for the objects it provisions',
  normalise(op, observed) {
    if (op.kind !== 'search' || !op.attributes.some((a) => /;range=/i.test(a)) || !isRecord(observed))
      return undefined;
    const entries = observed['entries'];
    return isRecord(entries) ? { ...observed, entries: countRanges(entries) } : undefined;
  },
};

/**
 * A defect of Samba 4.17: a paged search whose attribute list asks for a range (`member;range=1-*`)
 * returns its entries on the first page only — every later page comes back empty, with a cookie,
 * until the last. The mock returns every page's entries, as RFC 2696 wants; a client relying on
 * the loss would be relying on a bug. Compared instead: how many pages, and their result codes.
 */
const pagedRangeLoss: Deviation = {
  id: 'samba-paged-range-loss',
  differs: 'the entries of the second and later pages of a paged search that asks for a range',
  why: 'a Samba defect (later pages come back empty) that the mock does not reproduce',
  normalise(op, observed) {
    if (op.kind !== 'search' || op.pageSize === undefined || !isRecord(observed)) return undefined;
    if (!op.attributes.some((a) => /;range=/i.test(a)) || !Array.isArray(observed['pages'])) return undefined;
    if (observed['pages'].length < 2) return undefined;
    return { pages: observed['pages'].length, codes: [...new Set(resultCodes(observed))] };
  },
};

/** What ldb says when a filter item fails on an entry of a one-level or subtree search. */
const LDB_SEARCH_FAILED = new Set([
  '00002020: Indexed and full searches both failed!\n',
  '00002020: ldb_wait from ../../source4/ldap_server/ldap_backend.c:892 with LDB_WAIT_ALL: Operations error (1)',
]);

/**
 * A filter item ldb cannot evaluate (`~=`, a bit rule on a value that is no integer) fails a
 * one-level or subtree search at the first entry it is evaluated on — after Samba has sent the
 * entries that matched before it. Which ones those are follows ldb's order of the entries (by
 * objectGUID) and its two passes: its index's candidates, then, when the first pass sent nothing,
 * a full scan ("Indexed and full searches both failed!"; otherwise "ldb_wait … Operations error").
 * The mock fails such a search before sending any entry (measured: `(|(userPrincipalName=*)
 * (groupType~=2))` one-level under CN=Users as bob sends 3 users, then 1). Compared instead: the
 * result code.
 */
const partialFailure: Deviation = {
  id: 'samba-partial-failure',
  differs:
    'the entries a search failing with 1 (an item ldb cannot evaluate) sends before it fails, and which of two texts it ends with',
  why: "which entries precede the failing one follows ldb's GUID order and two search passes, which the mock does not model",
  normalise(op, observed) {
    if (op.kind !== 'search' || op.pageSize !== undefined || !isRecord(observed)) return undefined;
    const result = observed['result'];
    if (!isRecord(result) || result['code'] !== 1 || !LDB_SEARCH_FAILED.has(String(result['diagnostic'])))
      return undefined;
    return {
      result: { code: 1, diagnostic: '<ldb failed on an entry>' },
      entries: '<sent before the failure>',
    };
  },
};

/** Samba ↔ samba: the mock keeps Samba's objectGUID order; what it does not model is listed here. */
export const SAMBA_DEVIATIONS: readonly Deviation[] = [
  wallClockTimeLimit,
  dnOrdering,
  rangeOrder,
  pagedRangeLoss,
  partialFailure,
];
