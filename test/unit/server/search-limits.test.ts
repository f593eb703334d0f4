import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseFilter } from '../../../src/core/filter-parse.js';
import { LdapResultError, ResultCode } from '../../../src/core/result-code.js';
import { SearchLimitsLayer } from '../../../src/server/layers/search-limits.js';
import { OperationAbort } from '../../../src/server/operation-abort.js';
import {
  type LdapHandler,
  type LdapResult,
  type OperationContext,
  PagedResultsOid,
  type RequestControl,
  type SearchRequest,
  type SearchResultEntry,
  type SearchSink,
  type Session,
} from '../../../src/server/operations.js';
import type { IdentityLimit, LimitPair } from '../../../src/server/profiles/limit-sets.js';
import type { SearchLimitRules } from '../../../src/server/profiles/profile.js';

/** A profile stand-in that emits `count` entries (and optional references), honouring the abort. */
class FakeSearch implements LdapHandler {
  emitted = 0;
  calls = 0;
  seenAborts: OperationAbort[] = [];
  /** Whether each call's abort was already set when the search started. */
  startedAborted: boolean[] = [];

  constructor(
    private readonly count: number,
    private readonly options: { references?: number[]; result?: LdapResult } = {},
  ) {}

  async search(ctx: OperationContext, _request: SearchRequest, sink: SearchSink): Promise<LdapResult> {
    this.calls++;
    this.seenAborts.push(ctx.abort);
    this.startedAborted.push(ctx.abort.aborted);
    for (let i = 0; i < this.count; i++) {
      if (ctx.abort.aborted) break;
      if (this.options.references?.includes(i)) sink.reference([`ldap://ref${i}/`]);
      this.emitted++;
      sink.entry(entryNumber(i));
    }
    return this.options.result ?? { code: 0 };
  }

  bind(): never {
    throw new Error('not used');
  }
  compare(): never {
    throw new Error('not used');
  }
  add(): never {
    throw new Error('not used');
  }
  modify(): never {
    throw new Error('not used');
  }
  delete(): never {
    throw new Error('not used');
  }
  modifyDN(): never {
    throw new Error('not used');
  }
  extended(): never {
    throw new Error('not used');
  }
}

function entryNumber(i: number): SearchResultEntry {
  return { dn: `uid=user${i},dc=example,dc=com`, attributes: [{ type: 'uid', values: [`user${i}`] }] };
}

function session(bindDN = ''): Session {
  return { id: 1, remote: '127.0.0.1:1', bindDN, encrypted: false, state: new Map(), close: () => {} };
}

function request(sizeLimit = 0): SearchRequest {
  return {
    baseDN: 'dc=example,dc=com',
    scope: 'sub',
    derefAliases: 0,
    sizeLimit,
    timeLimit: 0,
    typesOnly: false,
    filter: parseFilter('(objectClass=*)'),
    attributes: [],
  };
}

function pagedControl(size: number, cookie: Buffer = Buffer.alloc(0)): RequestControl {
  return { oid: PagedResultsOid, critical: true, paged: { size, cookie } };
}

interface Collected {
  result: LdapResult;
  entries: string[];
  references: string[][];
}

interface LimitsOptions {
  readonly serverLimit?: number;
  readonly pagedTotalCapped?: boolean;
  readonly maxPageSize?: number;
  /** Sessions free of the server limit (slapd's rootdn); default none. */
  readonly exempt?: (session: Session) => boolean;
  /** The guard that still applies to exempt sessions; default none. */
  readonly exemptSizeLimit?: number;
  readonly sizeHardLimit?: number | 'soft';
  readonly timeLimit?: LimitPair;
  readonly identityLimits?: readonly IdentityLimit[];
}

function limitsLayer(inner: LdapHandler, options: LimitsOptions = {}): SearchLimitsLayer {
  const limits: SearchLimitRules = {
    sizeLimit: options.serverLimit ?? 0,
    ...(options.sizeHardLimit !== undefined && { sizeHardLimit: options.sizeHardLimit }),
    ...(options.timeLimit && { timeLimit: options.timeLimit }),
    ...(options.identityLimits && { identityLimits: options.identityLimits }),
    pagedTotalCappedBySizeLimit: options.pagedTotalCapped ?? true,
    maxPageSize: options.maxPageSize ?? 0,
    honourClientSizeLimit: true,
    paging: {
      sizeEstimate: false,
      invalidCookie: { code: 2, message: 'paged results cookie is invalid' },
      abandoned: { message: 'search abandoned by pagedResult size=0' },
      emptyLastPage: false,
    },
  };
  return new SearchLimitsLayer(inner, limits, {
    exempt: options.exempt ?? (() => false),
    exemptSizeLimit: options.exemptSizeLimit ?? 0,
    directory: { normalize: (dn) => dn.toLowerCase(), isMember: () => false },
  });
}

async function run(
  layer: SearchLimitsLayer,
  s: Session,
  options: { sizeLimit?: number; controls?: RequestControl[]; abort?: OperationAbort } = {},
): Promise<Collected> {
  const entries: string[] = [];
  const references: string[][] = [];
  const ctx: OperationContext = {
    session: s,
    messageId: 1,
    controls: options.controls ?? [],
    abort: options.abort ?? new OperationAbort(),
  };
  const result = await layer.search(ctx, request(options.sizeLimit ?? 0), {
    entry: (e) => entries.push(e.dn),
    reference: (uris) => references.push([...uris]),
  });
  return { result, entries, references };
}

function cookieOf(result: LdapResult): Buffer | undefined {
  const control = result.controls?.find((c) => c.type === 'paged');
  return control?.type === 'paged' ? control.value.cookie : undefined;
}

function dns(from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(entryNumber(i).dn);
  return out;
}

/** The LdapResultError of a rejected search. */
async function rejection(promise: Promise<unknown>): Promise<LdapResultError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LdapResultError);
  return error as LdapResultError;
}

describe('size limit without paging', () => {
  it.each([
    [5, 0, 5],
    [0, 5, 5],
    [5, 3, 3],
    [3, 5, 3],
  ])('server limit %i, request limit %i: %i entries then sizeLimitExceeded', async (server, client, kept) => {
    const inner = new FakeSearch(20);
    const { result, entries } = await run(limitsLayer(inner, { serverLimit: server }), session(), {
      sizeLimit: client,
    });
    expect(entries).toStrictEqual(dns(0, kept));
    expect(result.code).toBe(ResultCode.sizeLimitExceeded);
    expect(result.controls).toBeUndefined();
  });

  it('0 on both sides means unlimited, and the inner handler gets the client abort', async () => {
    const inner = new FakeSearch(1000);
    const abort = new OperationAbort();
    const { result, entries } = await run(limitsLayer(inner), session(), { abort });
    expect(entries).toHaveLength(1000);
    expect(result).toStrictEqual({ code: 0 });
    expect(inner.seenAborts[0]).toBe(abort);
  });

  it('exactly as many entries as the limit is success', async () => {
    const inner = new FakeSearch(5);
    const { result, entries } = await run(limitsLayer(inner, { serverLimit: 5 }), session());
    expect(entries).toHaveLength(5);
    expect(result.code).toBe(0);
  });

  it('stops the inner search once the limit is passed', async () => {
    const inner = new FakeSearch(100_000);
    await run(limitsLayer(inner, { serverLimit: 10 }), session());
    expect(inner.emitted).toBe(11);
  });

  it('passes a client abort on to the inner search', async () => {
    const client = new OperationAbort();
    const inner = new FakeSearch(0);
    const layer = limitsLayer(inner, { serverLimit: 10 });
    await run(layer, session(), { abort: client });
    const innerAbort = inner.seenAborts[0]!;
    expect(innerAbort.aborted).toBe(false);
    client.abort();
    expect(innerAbort.aborted).toBe(true);
    expect(innerAbort.signal().aborted).toBe(true);
  });

  it('keeps references out of the count', async () => {
    const inner = new FakeSearch(10, { references: [0, 1, 2] });
    const { result, entries, references } = await run(limitsLayer(inner, { serverLimit: 4 }), session());
    expect(entries).toHaveLength(4);
    expect(references).toStrictEqual([['ldap://ref0/'], ['ldap://ref1/'], ['ldap://ref2/']]);
    expect(result.code).toBe(ResultCode.sizeLimitExceeded);
  });

  it('an error of the inner search wins over the limit', async () => {
    const inner = new FakeSearch(10, { result: { code: ResultCode.noSuchObject, matchedDN: 'dc=x' } });
    const { result } = await run(limitsLayer(inner, { serverLimit: 3 }), session());
    expect(result).toStrictEqual({ code: ResultCode.noSuchObject, matchedDN: 'dc=x' });
  });

  it('exempts the sessions it is told to (the rootdn) from the server limit', async () => {
    const root = session();
    root.bindDN = 'cn=admin,dc=example,dc=com';
    const layer = limitsLayer(new FakeSearch(10), {
      serverLimit: 2,
      exempt: (s) => s.bindDN === 'cn=admin,dc=example,dc=com',
    });
    expect((await run(layer, root)).entries).toHaveLength(10);
    expect((await run(layer, session())).entries).toHaveLength(2);
  });

  it('applies the administrator guard to exempt sessions: partial results and 4', async () => {
    const root = session();
    root.bindDN = 'cn=admin,dc=example,dc=com';
    const layer = limitsLayer(new FakeSearch(10), {
      serverLimit: 2,
      exempt: (s) => s.bindDN === root.bindDN,
      exemptSizeLimit: 7,
    });
    const guarded = await run(layer, root);
    expect(guarded.entries).toHaveLength(7);
    expect(guarded.result.code).toBe(ResultCode.sizeLimitExceeded);
    expect((await run(layer, session())).entries).toHaveLength(2);
  });
});

describe('paged results', () => {
  it('serves pages with one cookie until the last page, which has an empty cookie', async () => {
    const inner = new FakeSearch(10);
    const layer = limitsLayer(inner);
    const s = session();
    const first = await run(layer, s, { controls: [pagedControl(4)] });
    expect(first.entries).toStrictEqual(dns(0, 4));
    expect(first.result.code).toBe(0);
    const cookie = cookieOf(first.result)!;
    expect(cookie.length).toBeGreaterThan(0);
    expect(first.result.controls).toStrictEqual([{ type: 'paged', value: { size: 0, cookie } }]);

    const second = await run(layer, s, { controls: [pagedControl(4, cookie)] });
    expect(second.entries).toStrictEqual(dns(4, 8));
    expect(cookieOf(second.result)).toStrictEqual(cookie);

    const last = await run(layer, s, { controls: [pagedControl(4, cookie)] });
    expect(last.entries).toStrictEqual(dns(8, 10));
    expect(last.result.code).toBe(0);
    expect(cookieOf(last.result)).toStrictEqual(Buffer.alloc(0));
    expect(inner.calls).toBe(1);
    expect(s.state.size).toBe(0);
  });

  it('lets the page size change between requests', async () => {
    const layer = limitsLayer(new FakeSearch(10));
    const s = session();
    const first = await run(layer, s, { controls: [pagedControl(2)] });
    const cookie = cookieOf(first.result)!;
    const second = await run(layer, s, { controls: [pagedControl(5, cookie)] });
    expect(second.entries).toStrictEqual(dns(2, 7));
    const third = await run(layer, s, { controls: [pagedControl(100, cookie)] });
    expect(third.entries).toStrictEqual(dns(7, 10));
    expect(cookieOf(third.result)).toStrictEqual(Buffer.alloc(0));
  });

  it('a result that fits in one page ends at once with an empty cookie', async () => {
    const { result, entries } = await run(limitsLayer(new FakeSearch(3)), session(), {
      controls: [pagedControl(10)],
    });
    expect(entries).toHaveLength(3);
    expect(result).toStrictEqual({
      code: 0,
      controls: [{ type: 'paged', value: { size: 0, cookie: Buffer.alloc(0) } }],
    });
  });

  it('a page as large as the remaining entries keeps a cookie, and the next page is empty and final', async () => {
    const layer = limitsLayer(new FakeSearch(4));
    const s = session();
    const first = await run(layer, s, { controls: [pagedControl(2)] });
    const cookie = cookieOf(first.result)!;
    const second = await run(layer, s, { controls: [pagedControl(2, cookie)] });
    expect(second.entries).toStrictEqual(dns(2, 4));
    expect(cookieOf(second.result)).toStrictEqual(Buffer.alloc(0));
  });

  it('sends references in order without counting them in the page', async () => {
    const layer = limitsLayer(new FakeSearch(4, { references: [1] }));
    const { entries, references } = await run(layer, session(), { controls: [pagedControl(2)] });
    expect(entries).toStrictEqual(dns(0, 2));
    expect(references).toStrictEqual([['ldap://ref1/']]);
  });

  it('size 0 with a cookie abandons the paged search with its text', async () => {
    const layer = limitsLayer(new FakeSearch(10));
    const s = session();
    const first = await run(layer, s, { controls: [pagedControl(3)] });
    const cookie = cookieOf(first.result)!;
    const abandoned = await run(layer, s, { controls: [pagedControl(0, cookie)] });
    expect(abandoned.entries).toStrictEqual([]);
    expect(abandoned.result).toStrictEqual({
      code: 0,
      diagnosticMessage: 'search abandoned by pagedResult size=0',
    });
    expect(s.state.size).toBe(0);
    const after = await rejection(run(layer, s, { controls: [pagedControl(3, cookie)] }));
    expect(after.code).toBe(ResultCode.protocolError);
  });

  it('an unknown cookie is protocolError (2)', async () => {
    const layer = limitsLayer(new FakeSearch(10));
    const s = session();
    await run(layer, s, { controls: [pagedControl(3)] });
    const error = await rejection(run(layer, s, { controls: [pagedControl(3, Buffer.from('not-mine'))] }));
    expect(error.code).toBe(ResultCode.protocolError);
    expect(error.diagnosticMessage).toBe('paged results cookie is invalid');
    const fresh = await rejection(run(layer, session(), { controls: [pagedControl(3, Buffer.from('x'))] }));
    expect(fresh.code).toBe(ResultCode.protocolError);
  });

  it('the cookie of a finished search is no longer valid', async () => {
    const layer = limitsLayer(new FakeSearch(3));
    const s = session();
    const first = await run(layer, s, { controls: [pagedControl(2)] });
    const cookie = cookieOf(first.result)!;
    await run(layer, s, { controls: [pagedControl(2, cookie)] });
    expect((await rejection(run(layer, s, { controls: [pagedControl(2, cookie)] }))).code).toBe(
      ResultCode.protocolError,
    );
  });

  it('cursors belong to their session', async () => {
    const layer = limitsLayer(new FakeSearch(10));
    const mine = session();
    const cookie = cookieOf((await run(layer, mine, { controls: [pagedControl(3)] })).result)!;
    expect((await rejection(run(layer, session(), { controls: [pagedControl(3, cookie)] }))).code).toBe(
      ResultCode.protocolError,
    );
    expect((await run(layer, mine, { controls: [pagedControl(3, cookie)] })).entries).toStrictEqual(
      dns(3, 6),
    );
  });

  it('maxPageSize caps the pages, including a page size of 0', async () => {
    const layer = limitsLayer(new FakeSearch(10), { maxPageSize: 4 });
    const s = session();
    const first = await run(layer, s, { controls: [pagedControl(100)] });
    expect(first.entries).toStrictEqual(dns(0, 4));
    const cookie = cookieOf(first.result)!;
    const second = await run(layer, s, { controls: [pagedControl(3, cookie)] });
    expect(second.entries).toStrictEqual(dns(4, 7));
    const zero = await run(limitsLayer(new FakeSearch(10), { maxPageSize: 4 }), session(), {
      controls: [pagedControl(0)],
    });
    expect(zero.entries).toStrictEqual(dns(0, 4));
  });

  it('an error of the inner search is returned and leaves no cursor', async () => {
    const s = session();
    const inner = new FakeSearch(10, { result: { code: ResultCode.noSuchObject } });
    const { result } = await run(limitsLayer(inner), s, { controls: [pagedControl(3)] });
    expect(result).toStrictEqual({ code: ResultCode.noSuchObject });
    expect(s.state.size).toBe(0);
  });

  it('the request size limit caps the total even when the server limit does not apply to paging', async () => {
    const layer = limitsLayer(new FakeSearch(10), { serverLimit: 2, pagedTotalCapped: false });
    const s = session();
    const first = await run(layer, s, { controls: [pagedControl(3)] });
    expect(first.entries).toStrictEqual(dns(0, 3));
    const cookie = cookieOf(first.result)!;
    const second = await run(layer, s, { controls: [pagedControl(3, cookie)] });
    expect(second.entries).toStrictEqual(dns(3, 6));

    const capped = session();
    const byClient = await run(layer, capped, { sizeLimit: 4, controls: [pagedControl(3)] });
    expect(byClient.entries).toStrictEqual(dns(0, 3));
    const rest = await run(layer, capped, {
      sizeLimit: 4,
      controls: [pagedControl(3, cookieOf(byClient.result)!)],
    });
    expect(rest.entries).toStrictEqual(dns(3, 4));
    expect(rest.result).toStrictEqual({ code: ResultCode.sizeLimitExceeded });
  });
});

describe('paged results capped by the size limit', () => {
  it('a full last page keeps its cookie; the next request is sizeLimitExceeded without control', async () => {
    const layer = limitsLayer(new FakeSearch(10), { serverLimit: 6 });
    const s = session();
    const first = await run(layer, s, { controls: [pagedControl(3)] });
    expect(first.entries).toStrictEqual(dns(0, 3));
    const cookie = cookieOf(first.result)!;
    const second = await run(layer, s, { controls: [pagedControl(3, cookie)] });
    expect(second.entries).toStrictEqual(dns(3, 6));
    expect(second.result.code).toBe(0);
    expect(cookieOf(second.result)).toStrictEqual(cookie);
    const third = await run(layer, s, { controls: [pagedControl(3, cookie)] });
    expect(third.entries).toStrictEqual([]);
    expect(third.result).toStrictEqual({ code: ResultCode.sizeLimitExceeded });
    expect(s.state.size).toBe(0);
  });

  it('a page cut short by the cap is sizeLimitExceeded without control', async () => {
    const layer = limitsLayer(new FakeSearch(10), { serverLimit: 5 });
    const s = session();
    const first = await run(layer, s, { controls: [pagedControl(3)] });
    const second = await run(layer, s, { controls: [pagedControl(3, cookieOf(first.result)!)] });
    expect(second.entries).toStrictEqual(dns(3, 5));
    expect(second.result).toStrictEqual({ code: ResultCode.sizeLimitExceeded });
    expect(s.state.size).toBe(0);
  });

  it('a first page cut short by the cap is sizeLimitExceeded at once', async () => {
    const layer = limitsLayer(new FakeSearch(10), { serverLimit: 2 });
    const { entries, result } = await run(layer, session(), { controls: [pagedControl(5)] });
    expect(entries).toStrictEqual(dns(0, 2));
    expect(result).toStrictEqual({ code: ResultCode.sizeLimitExceeded });
  });

  it('exactly as many entries as the cap ends normally', async () => {
    const layer = limitsLayer(new FakeSearch(6), { serverLimit: 6 });
    const s = session();
    const first = await run(layer, s, { controls: [pagedControl(3)] });
    const second = await run(layer, s, { controls: [pagedControl(3, cookieOf(first.result)!)] });
    expect(second.entries).toStrictEqual(dns(3, 6));
    expect(cookieOf(second.result)).toStrictEqual(Buffer.alloc(0));
  });

  it('stops the inner search once the cap is passed', async () => {
    const inner = new FakeSearch(100_000);
    await run(limitsLayer(inner, { serverLimit: 7 }), session(), {
      controls: [pagedControl(3)],
    });
    expect(inner.emitted).toBe(8);
  });
});

describe('a client abort set before the search starts is passed on', () => {
  // An abort already set (an Abandon that arrived while an earlier layer was still waiting) must
  // reach the inner search. Regression: SearchLimitsLayer.limited once forwarded it only through
  // an 'abort' listener, which never fires for an already aborted signal, so the search ran in full.
  it('the inner search sees the abort and emits nothing', async () => {
    const client = new OperationAbort();
    client.abort();
    const inner = new FakeSearch(1000);
    await run(limitsLayer(inner, { serverLimit: 10 }), session(), { abort: client });
    expect(inner.startedAborted).toStrictEqual([true]);
    expect(inner.emitted).toBe(0);
  });
});

describe("slapd's soft and hard limits, by identity", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('a hard size limit caps what a client asks for; asking for none gets the soft one', async () => {
    const layer = limitsLayer(new FakeSearch(20), { serverLimit: 3, sizeHardLimit: 4 });
    const counts = [];
    for (const sizeLimit of [0, 2, 5])
      counts.push((await run(layer, session(), { sizeLimit })).entries.length);
    expect(counts).toStrictEqual([3, 2, 4]);
  });

  it('an olcLimits rule gives the session it names its own limits, and a paged search its total', async () => {
    const layer = limitsLayer(new FakeSearch(20), {
      serverLimit: 3,
      identityLimits: [
        { who: { kind: 'users' }, limits: { size: { soft: 5, hard: 6 }, time: { soft: 0, hard: 0 } } },
      ],
    });
    expect((await run(layer, session())).entries).toHaveLength(3);
    expect((await run(layer, session('uid=a,dc=x'))).entries).toHaveLength(5);
    const paged = await run(layer, session('uid=a,dc=x'), { controls: [pagedControl(10)] });
    expect([paged.entries.length, paged.result.code]).toStrictEqual([6, ResultCode.sizeLimitExceeded]);
  });

  it("the server's time limit ends a search with timeLimitExceeded when the client asks for none", async () => {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => {
      const current = now;
      now += 400;
      return current;
    });
    const layer = limitsLayer(new FakeSearch(20), { timeLimit: { soft: 1, hard: 'soft' } });
    const { entries, result } = await run(layer, session());
    expect([entries.length, result.code]).toStrictEqual([2, ResultCode.timeLimitExceeded]);
  });
});
