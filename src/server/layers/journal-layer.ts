/**
 * Journals every operation that reaches the server (journal/journal.ts): taken as the request
 * arrived (connection, TLS, identity) and completed with the result, the entries returned and,
 * for a search that found nothing or a bind that failed, the explanation. Credentials are
 * never kept: only their length.
 */
import { ControlOid } from '../../core/control-oids.js';
import { ExtendedOid } from '../../core/extended-operations.js';
import { ResultCode, resultCodeName } from '../../core/result-code.js';
import { displayFilter, displayValues } from '../journal/display-value.js';
import type { Journal } from '../journal/journal.js';
import type { JournalControl, JournalEntry } from '../journal/journal-entry.js';
import { type Explain, JournalRecord } from '../journal/journal-record.js';
import { redactedValue } from '../journal/secret-attributes.js';
import {
  type AnsweredRequest,
  type LdapResult,
  type OperationContext,
  PagedResultsOid,
  PasswordPolicyOid,
} from '../operations.js';
import { DelegatingHandler, type Operation, targetOf } from './delegating-handler.js';

/** DNs of returned entries kept per search. */
const MAX_ENTRY_DNS = 100;

/** How to explain an operation's result when someone asks, for the results that have one to give. */
export type Explainer = (
  ctx: OperationContext,
  operation: Operation,
  result: LdapResult,
  entries: number,
) => Explain | undefined;

const CONTROL_NAMES = new Map<string, string>([
  [PagedResultsOid, 'pagedResults'],
  [PasswordPolicyOid, 'passwordPolicy'],
  [ControlOid.serverSort, 'serverSort'],
  [ControlOid.extendedDN, 'extendedDN'],
  [ControlOid.subentries, 'subentries'],
  [ControlOid.matchedValues, 'matchedValues'],
  ['1.2.840.113556.1.4.1339', 'domainScope'],
  ['1.2.840.113556.1.4.417', 'showDeleted'],
  ['1.2.840.113556.1.4.801', 'sdFlags'],
  ['1.2.840.113556.1.4.805', 'treeDelete'],
  ['1.3.6.1.1.12', 'assertion'],
  ['2.16.840.1.113730.3.4.2', 'manageDsaIT'],
  ['2.16.840.1.113730.3.4.9', 'virtualListView'],
  ['1.3.6.1.4.1.4203.1.10.2', 'noOp'],
  ['1.3.6.1.1.13.1', 'preRead'],
  ['1.3.6.1.1.13.2', 'postRead'],
]);

const EXTENDED_NAMES = new Map<string, string>(Object.entries(ExtendedOid).map(([name, oid]) => [oid, name]));

export class JournalLayer extends DelegatingHandler {
  constructor(
    inner: ConstructorParameters<typeof DelegatingHandler>[0],
    private readonly journal: Journal,
    private readonly explain?: Explainer,
  ) {
    super(inner);
  }

  protected override async around(ctx: OperationContext, operation: Operation): Promise<LdapResult> {
    const arrival = arrivalOf(ctx);
    let returned: string[] | undefined;
    let entries = 0;
    // A search's entries are counted on their way out.
    const counted: Operation =
      operation.name === 'search'
        ? {
            ...operation,
            sink: {
              entry: (entry) => {
                if (entries++ === 0) returned = [entry.dn];
                else if (entries <= MAX_ENTRY_DNS) returned!.push(entry.dn);
                operation.sink.entry(entry);
              },
              reference: (uris) => operation.sink.reference(uris),
            },
          }
        : operation;
    let result: LdapResult | undefined;
    let failure: unknown;
    try {
      result = await this.proceed(ctx, counted);
      return result;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const thrown = failure as { code?: number; diagnosticMessage?: string; matchedDN?: string } | undefined;
      const final: LdapResult = result ?? {
        code: thrown?.code ?? ResultCode.other,
        diagnosticMessage: thrown?.diagnosticMessage ?? '',
        ...(thrown?.matchedDN && { matchedDN: thrown.matchedDN }),
      };
      this.record(
        ctx,
        operation,
        arrival,
        final,
        operation.name === 'search' ? { entries, returned: returned ?? NO_DNS } : undefined,
      );
    }
  }

  refusedByWire(ctx: OperationContext, request: AnsweredRequest, result: LdapResult): void {
    const operation = { name: request.op, request: request.request, sink: NO_SINK } as Operation;
    this.record(ctx, operation, arrivalOf(ctx), result, undefined);
  }

  private record(
    ctx: OperationContext,
    operation: Operation,
    arrival: Arrival,
    result: LdapResult,
    search: { entries: number; returned: readonly string[] } | undefined,
  ): void {
    const explain = this.explain?.(ctx, operation, result, search?.entries ?? 0);
    const asked = requestFields(operation);
    const entry = new JournalRecord(
      {
        seq: this.journal.nextSeq(),
        time: arrival.time,
        connection: ctx.session.id,
        remote: ctx.session.remote,
        messageId: ctx.messageId,
        tls: arrival.tls,
        boundAs: arrival.boundAs,
        operation: operation.name,
        target: targetOf(operation),
        controls: ctx.controls.length === 0 ? NO_CONTROLS : ctx.controls.map(controlOf),
        method: asked.method,
        mechanism: asked.mechanism,
        credentials: asked.credentials,
        filter: asked.filter,
        scope: asked.scope,
        attributes:
          asked.attributes && (asked.attributes.length === 0 ? NO_ATTRIBUTES : [...asked.attributes]),
        sizeLimit: asked.sizeLimit,
        timeLimit: asked.timeLimit,
        typesOnly: asked.typesOnly,
        entries: search?.entries,
        entryDNs: search?.returned,
        attribute: asked.attribute,
        value: asked.value,
        changes: asked.changes,
        newRDN: asked.newRDN,
        deleteOldRDN: asked.deleteOldRDN,
        newSuperior: asked.newSuperior,
        extendedName: asked.extendedName,
        code: result.code,
        result: resultCodeName(result.code),
        diagnosticMessage: result.diagnosticMessage ?? '',
        matchedDN: result.matchedDN || undefined,
        durationMs: performance.now() - arrival.started,
      },
      explain,
    );
    this.journal.record(entry);
  }
}

/** What is known of an operation when it arrives: later, a bind changes who the session is. */
interface Arrival {
  readonly started: number;
  readonly time: string;
  readonly tls: boolean;
  readonly boundAs: string;
}

function arrivalOf(ctx: OperationContext): Arrival {
  return {
    started: performance.now(),
    time: isoNow(),
    tls: ctx.session.encrypted,
    boundAs: ctx.session.bindDN,
  };
}

/** The time as ISO 8601, formatted once per millisecond however many operations arrive in it. */
let lastMs = 0;
let lastIso = '';
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

const NO_CONTROLS: readonly JournalControl[] = [];
const NO_DNS: readonly string[] = [];
const NO_ATTRIBUTES: readonly string[] = [];
const NO_SINK = { entry: () => undefined, reference: () => undefined };

function controlOf(control: OperationContext['controls'][number]): JournalControl {
  const name = CONTROL_NAMES.get(control.oid);
  return name === undefined
    ? { oid: control.oid, critical: control.critical }
    : { oid: control.oid, name, critical: control.critical };
}

/** What the request asked, credentials and secret values redacted. */
function requestFields(operation: Operation): Partial<JournalEntry> {
  switch (operation.name) {
    case 'bind': {
      const { method, saslMechanism, password } = operation.request;
      return {
        method,
        ...(saslMechanism !== undefined && { mechanism: saslMechanism }),
        credentials: redactedValue(password),
      };
    }
    case 'search': {
      const r = operation.request;
      return {
        filter: displayFilter(r.filter),
        scope: r.scope,
        attributes: r.attributes,
        sizeLimit: r.sizeLimit,
        timeLimit: r.timeLimit,
        typesOnly: r.typesOnly,
      };
    }
    case 'compare': {
      const { attribute, value } = operation.request;
      return { attribute, value: displayValues(attribute, [value])[0]! };
    }
    case 'add':
      return {
        changes: operation.request.attributes.map((a) => ({
          operation: 'add' as const,
          type: a.type,
          values: displayValues(a.type, a.values),
        })),
      };
    case 'modify':
      return {
        changes: operation.request.changes.map((c) => ({
          operation: c.operation,
          type: c.type,
          values: displayValues(c.type, c.values),
        })),
      };
    case 'modifyDN': {
      const { newRDN, deleteOldRDN, newSuperior } = operation.request;
      return { newRDN, deleteOldRDN, ...(newSuperior !== undefined && { newSuperior }) };
    }
    case 'extended': {
      const name = EXTENDED_NAMES.get(operation.request.oid);
      return name === undefined ? {} : { extendedName: name };
    }
    case 'delete':
      return {};
  }
}
