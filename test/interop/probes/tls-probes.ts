/** StartTLS and LDAPS, verified against the target's CA certificate. */
import type { Probe } from '../probe.js';
import { ALICE, ALICE_PASSWORD } from './fixture-names.js';

export const tlsProbes: readonly Probe[] = [
  {
    name: 'tls: StartTLS, then bind and whoami',
    async run(context) {
      const s = await context.open('connect');
      await s.startTls('StartTLS');
      await s.bind('bind over TLS', ALICE, ALICE_PASSWORD);
      await s.whoami('whoami over TLS');
    },
  },
  {
    name: 'tls: StartTLS twice',
    async run(context) {
      const s = await context.open('connect');
      await s.startTls('first StartTLS');
      await s.startTls('second StartTLS');
      await s.whoami('connection still usable');
    },
  },
  {
    name: 'tls: StartTLS after a bind',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('bind in the clear', ALICE, ALICE_PASSWORD);
      await s.startTls('StartTLS');
      await s.whoami('identity after StartTLS');
    },
  },
  {
    name: 'tls: LDAPS bind, whoami and search',
    async run(context) {
      const s = await context.open('connect over ldaps', { ldaps: true });
      await s.bind('bind', ALICE, ALICE_PASSWORD);
      await s.whoami('whoami');
      await s.search('search', { base: ALICE, scope: 'base', attributes: ['uid', 'memberOf'] });
    },
  },
  {
    name: 'tls: StartTLS on an LDAPS connection',
    async run(context) {
      const s = await context.open('connect over ldaps', { ldaps: true });
      await s.startTls('StartTLS inside TLS');
    },
  },
];
