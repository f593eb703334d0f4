/**
 * Several URLs tried in order, each bounded by connection_timeout (vault#1829, #2350, #20144,
 * terraform-provider-vault#2357), and servers that misbehave mid-login: busy, unavailable,
 * slow, dropping the connection. A misbehaving server may refuse a login; it may never grant one.
 */
import type { ErrorKind, Scenario } from '../scenario.js';
import { AD, adSearch, OPENLDAP, only, openldapSearch } from './directories.js';

const aliceOL = { kind: 'login', username: 'alice', password: OPENLDAP.alicePassword } as const;
const aliceAD = { kind: 'login', username: 'alice', password: AD.alicePassword } as const;
const aliceLogin = { login: { userDN: OPENLDAP.alice, groups: ['developers'] } };
/** A refused login, whichever way the authenticator words it. */
const REFUSED: readonly ErrorKind[] = ['denied', 'unavailable', 'failed', 'group-search-failed'];

export const failover: Scenario[] = [
  only('failover', 'first-url-refused', 'openldap', {
    why: 'a refused first URL moves on to the next at once (vault#1829: URL lists)',
    config: { ...openldapSearch, url: '$CLOSED_URL,$URL' },
    action: aliceOL,
    expect: aliceLogin,
  }),
  only('failover', 'first-server-refuses', 'openldap', {
    why: 'a server whose listener is down (refuse fault) is skipped for the next URL',
    peerFaults: { refuse: true },
    config: { ...openldapSearch, url: ['$PEER_URL', '$URL'] },
    action: aliceOL,
    expect: aliceLogin,
  }),
  only('failover', 'first-ldaps-server-hangs', 'openldap', {
    why: 'an LDAPS server that accepts and never completes the handshake must cost connection_timeout, not the request timeout (vault#20144, ldapjs#328)',
    peerFaults: { hang: true },
    config: {
      ...openldapSearch,
      url: ['$PEER_LDAPS_URL', '$LDAPS_URL'],
      certificate: '$CA',
      connection_timeout: 1,
    },
    action: aliceOL,
    expect: aliceLogin,
  }),
  only('failover', 'first-server-hangs-at-starttls', 'openldap', {
    why: 'StartTLS is part of connecting: a server that never answers it is skipped after connection_timeout',
    peerFaults: { hang: true },
    config: {
      ...openldapSearch,
      url: ['$PEER_URL', '$URL'],
      starttls: true,
      certificate: '$CA',
      connection_timeout: 1,
    },
    action: aliceOL,
    expect: aliceLogin,
  }),
  only('failover', 'first-server-bad-certificate', 'openldap', {
    why: 'a StartTLS failure on the first server (wrong host name) is a failed attempt: go on to the next URL, never continue in clear',
    peerFaults: { certificate: 'wrongHost' },
    config: { ...openldapSearch, url: ['$PEER_URL', '$URL'], starttls: true, certificate: '$CA' },
    action: aliceOL,
    expect: aliceLogin,
  }),
  only('failover', 'first-ldaps-expired', 'ad', {
    why: 'an expired certificate on the first LDAPS server fails over to the second',
    peerFaults: { certificate: 'expired' },
    config: { ...adSearch, url: ['$PEER_LDAPS_URL', '$LDAPS_URL'], certificate: '$CA' },
    action: aliceAD,
    expect: { login: { userDN: AD.alice } },
  }),
  only('failover', 'unsupported-scheme-first', 'openldap', {
    why: 'an http:// URL in the list is one failed entry, not a reason to refuse the whole list (OpenBao basic_authbind `foobar://`)',
    config: { ...openldapSearch, url: 'foobar://127.0.0.1:1,$URL' },
    action: aliceOL,
    expect: aliceLogin,
  }),
  only('failover', 'all-urls-refused', 'openldap', {
    why: 'when every URL fails the login fails as unavailable, listing each URL',
    config: { ...openldapSearch, url: '$CLOSED_URL' },
    action: aliceOL,
    expect: { error: 'unavailable' },
  }),
  only('failover', 'only-server-hangs', 'openldap', {
    why: 'a server that accepts and then never answers must fail the login within request_timeout, not hang it (terraform-provider-vault#2357)',
    faults: { hang: true },
    config: { ...openldapSearch, connection_timeout: 1, request_timeout: 1 },
    action: aliceOL,
    expect: { error: REFUSED },
  }),
  only('failover', 'server-busy', 'openldap', {
    why: 'a server answering 51 (busy) to every operation refuses the login, never grants it',
    faults: { answer: 'busy' },
    config: openldapSearch,
    action: aliceOL,
    expect: { error: REFUSED },
  }),
  only('failover', 'server-unavailable', 'ad', {
    why: 'a DC answering 52 (unavailable) refuses the login, never grants it',
    faults: { answer: 'unavailable' },
    config: adSearch,
    action: aliceAD,
    expect: { error: REFUSED },
  }),
  only('failover', 'connection-dropped-mid-login', 'openldap', {
    why: 'a connection closed after the service bind (idle drop, authelia#58) must fail the login, not crash or pass it',
    faults: { dropAfter: 1 },
    config: openldapSearch,
    action: aliceOL,
    expect: { error: REFUSED },
  }),
  only('failover', 'latency-within-timeout', 'openldap', {
    why: 'a slow server (100 ms per operation) within request_timeout still logs in',
    faults: { latencyMs: 100 },
    config: { ...openldapSearch, request_timeout: 5 },
    action: aliceOL,
    expect: aliceLogin,
  }),
  only('failover', 'latency-beyond-request-timeout', 'openldap', {
    why: 'an operation slower than request_timeout fails the login instead of hanging it (ldapts#9)',
    faults: { latencyMs: 2500 },
    config: { ...openldapSearch, request_timeout: 1 },
    action: aliceOL,
    expect: { error: REFUSED },
  }),
];
