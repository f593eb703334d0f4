/** StartTLS and LDAPS on an AD DC, verified against the target's CA certificate. */
import type { Probe } from '../probe.js';
import { ALICE } from './fixture-names.js';

const readAlice = { base: ALICE.dn, scope: 'base', attributes: ['sAMAccountName'] } as const;

export const tlsProbes: readonly Probe[] = [
  {
    name: 'tls: StartTLS, then bind and search',
    async run(context) {
      const s = await context.open('connect');
      await s.startTls('StartTLS');
      await s.bind('bind over TLS', ALICE.upn, ALICE.password);
      await s.search('search over TLS', readAlice);
    },
  },
  {
    name: 'tls: StartTLS twice',
    async run(context) {
      const s = await context.open('connect');
      await s.startTls('first StartTLS');
      await s.startTls('second StartTLS');
      await s.search('rootDSE still readable', { base: '', scope: 'base', attributes: ['dnsHostName'] });
    },
  },
  {
    name: 'tls: StartTLS after a bind keeps the identity',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind in the clear', ALICE.upn, ALICE.password);
      await s.startTls('StartTLS');
      await s.search('search after StartTLS', readAlice);
    },
  },
  {
    name: 'tls: LDAPS bind and search',
    async run(context) {
      const s = await context.open('connect over ldaps', { ldaps: true });
      await s.bind('bind', ALICE.dn, ALICE.password);
      await s.search('search', readAlice);
    },
  },
  {
    name: 'tls: StartTLS on an LDAPS connection',
    async run(context) {
      const s = await context.open('connect over ldaps', { ldaps: true });
      await s.startTls('StartTLS inside TLS');
      await s.search('connection still usable', { base: '', scope: 'base', attributes: ['dnsHostName'] });
    },
  },
];
