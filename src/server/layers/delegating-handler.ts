/** Base of every layer: forwards each operation to the wrapped handler unless the layer overrides it. */
import type {
  AddRequest,
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
  SearchRequest,
  SearchSink,
  Session,
} from '../operations.js';

export class DelegatingHandler implements LdapHandler {
  constructor(protected readonly inner: LdapHandler) {}

  bind(ctx: OperationContext, request: BindRequest): Promise<LdapResult> {
    return this.inner.bind(ctx, request);
  }
  search(ctx: OperationContext, request: SearchRequest, sink: SearchSink): Promise<LdapResult> {
    return this.inner.search(ctx, request, sink);
  }
  compare(ctx: OperationContext, request: CompareRequest): Promise<LdapResult> {
    return this.inner.compare(ctx, request);
  }
  add(ctx: OperationContext, request: AddRequest): Promise<LdapResult> {
    return this.inner.add(ctx, request);
  }
  modify(ctx: OperationContext, request: ModifyRequest): Promise<LdapResult> {
    return this.inner.modify(ctx, request);
  }
  delete(ctx: OperationContext, request: DeleteRequest): Promise<LdapResult> {
    return this.inner.delete(ctx, request);
  }
  modifyDN(ctx: OperationContext, request: ModifyDNRequest): Promise<LdapResult> {
    return this.inner.modifyDN(ctx, request);
  }
  extended(ctx: OperationContext, request: ExtendedRequest): Promise<ExtendedResult> {
    return this.inner.extended(ctx, request);
  }
  disconnected(session: Session): void {
    this.inner.disconnected?.(session);
  }
}
