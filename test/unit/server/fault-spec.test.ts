import { describe, expect, it } from 'vitest';
import { FaultSpecError, formatFaults, parseFaults } from '../../../src/server/layers/fault-spec.js';
import { connectionFaults } from '../../../src/server/layers/faults.js';

describe('parseFaults', () => {
  it('reads every fault word, repeated or in one list', () => {
    expect(parseFaults(['refuse', 'latency=200ms', 'drop-after=3', 'busy', 'cert=wrong-host'])).toStrictEqual(
      { refuse: true, latencyMs: 200, dropAfter: 3, answer: 'busy', certificate: 'wrongHost' },
    );
    expect(parseFaults(['hang, unavailable cert=expired latency=2s'])).toStrictEqual({
      hang: true,
      answer: 'unavailable',
      certificate: 'expired',
      latencyMs: 2000,
    });
  });

  it('scopes refuse and hang to one listener, and widens to both when both are named', () => {
    expect(parseFaults(['ldaps:refuse'])).toStrictEqual({ refuse: 'ldaps' });
    expect(parseFaults(['ldaps:refuse', 'ldap:refuse'])).toStrictEqual({ refuse: true });
    expect(parseFaults(['ldap:hang', 'ldaps:refuse'])).toStrictEqual({ hang: 'ldap', refuse: 'ldaps' });
  });

  it('none clears, and only alone', () => {
    expect(parseFaults(['none'])).toStrictEqual({});
    expect(parseFaults([])).toStrictEqual({});
    expect(() => parseFaults(['none', 'busy'])).toThrow("'none' clears every fault and cannot be combined");
  });

  it.each([
    ['bogus', "unknown fault 'bogus'"],
    ['latency=fast', 'latency= takes a duration such as 200ms or 2s'],
    ['drop-after=-1', 'drop-after= takes a number of operations'],
    ['cert=revoked', 'cert= takes expired or wrong-host'],
    ['busy=1', 'busy takes no value'],
    ['ldaps:busy', 'only refuse and hang take a listener'],
    ['ftp:refuse', 'only refuse and hang take a listener'],
  ])('refuses %s, saying why', (word, reason) => {
    expect(() => parseFaults([word])).toThrow(FaultSpecError);
    expect(() => parseFaults([word])).toThrow(reason);
  });

  it('refuses busy with unavailable: a server answers one or the other', () => {
    expect(() => parseFaults(['busy', 'unavailable'])).toThrow("'unavailable' conflicts with 'busy'");
  });

  it('formatFaults gives back words that parse to the same faults', () => {
    const words = ['ldap:hang', 'ldaps:refuse', 'latency=150ms', 'drop-after=0', 'busy', 'cert=expired'];
    const faults = parseFaults(words);
    expect(parseFaults(formatFaults(faults))).toStrictEqual(faults);
    expect(formatFaults({})).toStrictEqual([]);
  });
});

describe('connectionFaults', () => {
  it('applies refuse and hang per listener, refuse winning', () => {
    expect(connectionFaults({})).toStrictEqual({ ldap: 'none', ldaps: 'none' });
    expect(connectionFaults({ refuse: true, hang: true })).toStrictEqual({ ldap: 'refuse', ldaps: 'refuse' });
    expect(connectionFaults({ refuse: 'ldaps', hang: true })).toStrictEqual({
      ldap: 'hang',
      ldaps: 'refuse',
    });
  });
});
