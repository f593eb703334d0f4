/**
 * A journal of the operations the server handled, for tests to assert on ("did the app search
 * with an escaped filter?") and for the dev server's console. Passwords are never recorded.
 */
import { formatFilter } from '../../core/filter-format.js';
import { ResultCode } from '../../core/result-code.js';
import type { LdapResult, OperationContext, SearchRequest } from '../operations.js';
import { DelegatingHandler, type Operation, type OperationName, targetOf } from './delegating-handler.js';

export interface LoggedOperation {
  readonly session: number;
  readonly messageId: number;
  readonly operation: OperationName;
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

  protected override async around(ctx: OperationContext, operation: Operation): Promise<LdapResult> {
    const started = performance.now();
    const counter = { entries: 0 };
    // A search's entries are counted on their way out.
    const counted: Operation =
      operation.name === 'search'
        ? {
            ...operation,
            sink: {
              entry: (entry) => {
                counter.entries++;
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
      const thrown = failure as { code?: number; diagnosticMessage?: string } | undefined;
      const logged: LoggedOperation = {
        session: ctx.session.id,
        messageId: ctx.messageId,
        operation: operation.name,
        target: targetOf(operation),
        code: result?.code ?? thrown?.code ?? ResultCode.other,
        diagnosticMessage: result?.diagnosticMessage ?? thrown?.diagnosticMessage ?? '',
        durationMs: performance.now() - started,
        ...(operation.name === 'search' && {
          filter: describeFilter(operation.request.filter),
          entries: counter.entries,
        }),
      };
      if (this.log.length >= this.capacity) this.log.shift();
      this.log.push(logged);
      for (const listener of this.listeners) listener(logged);
    }
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
