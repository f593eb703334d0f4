/**
 * Base of every layer. Each operation passes through `around`, which by default hands it to the
 * wrapped handler: a layer that treats all operations alike (the journal, faults)
 * overrides only `around`; one that changes a single operation (search limits) overrides that
 * operation's method.
 */
import type {
  AddRequest,
  AnsweredRequest,
  BindRequest,
  CompareRequest,
  DeleteRequest,
  ExtendedRequest,
  ExtendedResult,
  LdapHandler,
  LdapResult,
  ModifyDNRequest,
  ModifyRequest,
  OperationContext,
  OperationName,
  SearchRequest,
  SearchSink,
  Session,
} from '../operations.js';

export type { OperationName } from '../operations.js';

/** One operation as a value: its name and request (and a search's sink), derived from AnsweredRequest so the two lists cannot drift. */
export type Operation = {
  [K in OperationName]: {
    readonly name: K;
    readonly request: Extract<AnsweredRequest, { op: K }>['request'];
  } & (K extends 'search' ? { readonly sink: SearchSink } : unknown);
}[OperationName];

/** The DN an operation names (bind name, search base, target entry), or the extended OID. */
export function targetOf(operation: Operation): string {
  switch (operation.name) {
    case 'bind':
      return operation.request.name;
    case 'search':
      return operation.request.baseDN;
    case 'extended':
      return operation.request.oid;
    default:
      return operation.request.dn;
  }
}

export class DelegatingHandler implements LdapHandler {
  constructor(protected readonly inner: LdapHandler) {}

  /** Override to act on every operation; call `proceed` (with the operation, changed or not) to go on. */
  protected around(ctx: OperationContext, operation: Operation): Promise<LdapResult> {
    return this.proceed(ctx, operation);
  }

  /** Hands the operation to the wrapped handler. */
  protected proceed(ctx: OperationContext, operation: Operation): Promise<LdapResult> {
    switch (operation.name) {
      case 'bind':
        return this.inner.bind(ctx, operation.request);
      case 'search':
        return this.inner.search(ctx, operation.request, operation.sink);
      case 'compare':
        return this.inner.compare(ctx, operation.request);
      case 'add':
        return this.inner.add(ctx, operation.request);
      case 'modify':
        return this.inner.modify(ctx, operation.request);
      case 'delete':
        return this.inner.delete(ctx, operation.request);
      case 'modifyDN':
        return this.inner.modifyDN(ctx, operation.request);
      case 'extended':
        return this.inner.extended(ctx, operation.request);
    }
  }

  bind(ctx: OperationContext, request: BindRequest): Promise<LdapResult> {
    return this.around(ctx, { name: 'bind', request });
  }
  search(ctx: OperationContext, request: SearchRequest, sink: SearchSink): Promise<LdapResult> {
    return this.around(ctx, { name: 'search', request, sink });
  }
  compare(ctx: OperationContext, request: CompareRequest): Promise<LdapResult> {
    return this.around(ctx, { name: 'compare', request });
  }
  add(ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
    return this.around(ctx, { name: 'add', request });
  }
  modify(ctx: OperationContext, request: ModifyRequest): Promise<LdapResult> {
    return this.around(ctx, { name: 'modify', request });
  }
  delete(ctx: OperationContext, request: DeleteRequest): Promise<LdapResult> {
    return this.around(ctx, { name: 'delete', request });
  }
  modifyDN(ctx: OperationContext, request: ModifyDNRequest): Promise<LdapResult> {
    return this.around(ctx, { name: 'modifyDN', request });
  }
  extended(ctx: OperationContext, request: ExtendedRequest): Promise<ExtendedResult> {
    // An extended operation's result is an ExtendedResult all the way down.
    return this.around(ctx, { name: 'extended', request }) as Promise<ExtendedResult>;
  }
  disconnected(session: Session): void {
    this.inner.disconnected?.(session);
  }
}
