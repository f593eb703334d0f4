/** Expected and actual outcomes, and the server's operations, as one line each for reports. */
import type { Outcome } from '../judge.js';
import type { ScenarioOperation } from '../runner.js';
import type { Expectation } from '../scenario.js';

const list = (values: readonly string[]) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;

function shorten(values: readonly string[], limit = 12): string {
  return values.length > limit
    ? `${list(values.slice(0, limit))} and ${values.length - limit} more`
    : list(values);
}

export function describeExpectation(expected: Expectation): string {
  if ('error' in expected) {
    const kinds = typeof expected.error === 'string' ? [expected.error] : expected.error;
    return `fails: ${kinds.join(' or ')}`;
  }
  if ('login' in expected) {
    const { userDN, groups, policies, alias } = expected.login;
    const parts = ['logs in'];
    if (userDN !== undefined) parts.push(`as ${userDN}`);
    if (groups !== undefined) parts.push(`groups ${shorten(groups)}`);
    if (policies !== undefined) parts.push(`policies ${list(policies)}`);
    if (alias !== undefined) parts.push(`alias ${JSON.stringify(alias)}`);
    return parts.join(', ');
  }
  if ('users' in expected) {
    const { usernames, count } = expected.users;
    return usernames ? `lists users ${shorten(usernames)}` : `lists ${count} users`;
  }
  if ('connection' in expected) {
    return `connects: ${Object.entries(expected.connection)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ')}`;
  }
  return `sets the password of ${expected.rotated.dn}`;
}

export function describeOutcome(outcome: Outcome | undefined): string {
  if (outcome === undefined) return '—';
  if (!outcome.ok) return `error ${outcome.kind}: ${outcome.message}`;
  if ('login' in outcome) {
    const { userDN, groups, policies, alias } = outcome.login;
    const parts = ['logged in'];
    if (userDN !== undefined) parts.push(`as ${userDN}`);
    if (groups !== undefined) parts.push(`groups ${shorten(groups)}`);
    if (policies !== undefined) parts.push(`policies ${list(policies)}`);
    if (alias !== undefined) parts.push(`alias ${JSON.stringify(alias)}`);
    return parts.join(', ');
  }
  if ('users' in outcome) return `listed ${outcome.users.length} users`;
  if ('connection' in outcome) {
    return `connected: ${Object.entries(outcome.connection)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ')}`;
  }
  return `set the password of ${outcome.rotated.dn}${outcome.rotated.newPasswordBinds ? '' : ' (the new one does not bind)'}`;
}

/** Text in quotes as it is, but for control characters (a NUL in a name), shown as \uXXXX. */
function quote(text: string): string {
  return `"${text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** `peer #3 search "ou=people,…" (uid=alice) → 0, 1 entry`, in the style of slapd's stats log. */
export function describeOperation(operation: ScenarioOperation): string {
  const where = `${operation.server === 'peer' ? 'peer ' : ''}#${operation.connection}`;
  const filter = operation.filter === undefined ? '' : ` ${operation.filter}`;
  const entries =
    operation.entries === undefined
      ? ''
      : `, ${operation.entries} ${operation.entries === 1 ? 'entry' : 'entries'}`;
  const text = operation.diagnosticMessage
    ? ` ${quote(operation.diagnosticMessage.replace(/\0+$/, ''))}`
    : '';
  return `${where} ${operation.operation} ${quote(operation.target)}${filter} → ${operation.code}${text}${entries}`;
}
