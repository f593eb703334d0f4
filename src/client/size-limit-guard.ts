/**
 * A search that ends with 4 (sizeLimitExceeded) is an error, as go-ldap — and so OpenBao —
 * reports it. ldapts instead hands back the entries that came before it as a success whenever the
 * request carried a size limit, so a partial answer looks complete: with the user search's limit
 * of 2, a server whose own limit is 1 would send one of several matching entries and the login
 * would take it as *the* user. ldapts (pinned) exposes no result status, so the guard wraps its
 * one internal send; should an upgrade remove it, loading this module fails, rather than the guard
 * silently going away.
 */
import { Client, MessageResponseStatus, SearchResponse, SizeLimitExceededError } from 'ldapts';

interface ClientInternals {
  _send(message: unknown): Promise<unknown>;
}

if (typeof (Client.prototype as unknown as Partial<ClientInternals>)._send !== 'function') {
  throw new TypeError('ldapts Client has no _send: the sizeLimitExceeded guard cannot be installed');
}

export function failOnSizeLimitExceeded(client: Client): void {
  const internals = client as unknown as ClientInternals;
  const send = internals._send;
  internals._send = async (message) => {
    const response = await send.call(client, message);
    if (response instanceof SearchResponse && response.status === MessageResponseStatus.SizeLimitExceeded) {
      throw new SizeLimitExceededError(response.errorMessage);
    }
    return response;
  };
}
