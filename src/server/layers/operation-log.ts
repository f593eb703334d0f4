/**
 * A journal of the operations the server handled, for tests to assert on ("did the app search
 * with an escaped filter?") and for the dev server's console. Passwords are never recorded.
 */
import { formatFilter } from '../../core/filter.js';
import type {
  AddRequest,
  BindRequest,
  CompareRequest,
  DeleteRequest,
  ExtendedRequest,
  ExtendedResult,
  LdapResult,
  ModifyDNRequest,
  ModifyRequest,
  OperationContext,
  SearchRequest,
  SearchSink,
} from '../operations.js';
import { DelegatingHandler } from './delegating-handler.js';

export interface LoggedOperation {
  readonly session: number;
  readonly messageId: number;
  readonly operation: 'bind' | 'search' | 'compare' | 'add' | 'modify' | 'delete' | 'modifyDN' | 'extended';
  /** The DN the operation names (bind name, search base, target entry) or the extended OID. */
  readonly target: string;
  /** Search filter in RFC 4515 form, when the operation is a search. */
  readonly filter?: string;
  readonly code: number;
  readonly diagnosticMessage: string;
  readonly entries?: number;
  readonly durationMs: number;
}

export class OperationLogLayer extends DelegatingHandler {
  private readonly log: LoggedOperation[] = [];
  private readonly listeners: ((operation: LoggedOperation) => void)[] = [];

  constructor(
    inner: ConstructorParameters<typeof DelegatingHandler>[0],
    private readonly capacity = 10_000,
  ) {
    super(inner);
  }

  operations(): readonly LoggedOperation[] {
    return [...this.log];
  }

  clear(): void {
    this.log.length = 0;
  }

  onOperation(listener: (operation: LoggedOperation) => void): void {
    this.listeners.push(listener);
  }

  private async record<R extends LdapResult>(
    ctx: OperationContext,
    operation: LoggedOperation['operation'],
    target: string,
    run: () => Promise<R>,
    extra: { filter?: string; counter?: { entries: number } } = {},
  ): Promise<R> {
    const started = performance.now();
    let result: R | undefined;
    let failure: unknown;
    try {
      result = await run();
      return result;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const code = result?.code ?? (failure as { code?: number })?.code ?? 80;
      const logged: LoggedOperation = {
        session: ctx.session.id,
        messageId: ctx.messageId,
        operation,
        target,
        code,
        diagnosticMessage:
          result?.diagnosticMessage ?? (failure as { diagnosticMessage?: string })?.diagnosticMessage ?? '',
        durationMs: performance.now() - started,
        ...(extra.filter !== undefined && { filter: extra.filter }),
        ...(extra.counter && { entries: extra.counter.entries }),
      };
      if (this.log.length >= this.capacity) this.log.shift();
      this.log.push(logged);
      for (const listener of this.listeners) listener(logged);
    }
  }

  override bind(ctx: OperationContext, request: BindRequest): Promise<LdapResult> {
    return this.record(ctx, 'bind', request.name, () => super.bind(ctx, request));
  }
  override search(ctx: OperationContext, request: SearchRequest, sink: SearchSink): Promise<LdapResult> {
    const counter = { entries: 0 };
    const counting: SearchSink = {
      entry: (entry) => {
        counter.entries++;
        sink.entry(entry);
      },
      reference: (uris) => sink.reference(uris),
    };
    return this.record(ctx, 'search', request.baseDN, () => super.search(ctx, request, counting), {
      filter: describeFilter(request.filter),
      counter,
    });
  }
  override compare(ctx: OperationContext, request: CompareRequest): Promise<LdapResult> {
    return this.record(ctx, 'compare', request.dn, () => super.compare(ctx, request));
  }
  override add(ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
    return this.record(ctx, 'add', request.dn, () => super.add(ctx, request));
  }
  override modify(ctx: OperationContext, request: ModifyRequest): Promise<LdapResult> {
    return this.record(ctx, 'modify', request.dn, () => super.modify(ctx, request));
  }
  override delete(ctx: OperationContext, request: DeleteRequest): Promise<LdapResult> {
    return this.record(ctx, 'delete', request.dn, () => super.delete(ctx, request));
  }
  override modifyDN(ctx: OperationContext, request: ModifyDNRequest): Promise<LdapResult> {
    return this.record(ctx, 'modifyDN', request.dn, () => super.modifyDN(ctx, request));
  }
  override extended(ctx: OperationContext, request: ExtendedRequest): Promise<ExtendedResult> {
    return this.record(ctx, 'extended', request.oid, () => super.extended(ctx, request));
  }
}

/** A filter from the wire may hold names no filter string can express; the journal must not fail on it. */
function describeFilter(filter: SearchRequest['filter']): string {
  try {
    return formatFilter(filter);
  } catch {
    return '(<filter not expressible as a string>)';
  }
}
