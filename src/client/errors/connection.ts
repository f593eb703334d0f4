/** Every URL of the list failed: OpenBao's go-multierror text, one line per URL. */
import { LdapAuthError } from './base.js';
import { goLdapErrorText } from './go-ldap-text.js';
import { goQuote } from './go-quote.js';
import { type RedactOptions, redactSecrets } from './redaction.js';

/** How one URL of the list failed. */
export interface ConnectionAttempt {
  readonly url: string;
  /**
   * `parse`: the URL did not parse; `scheme`: not ldap/ldaps; `connect`: the TCP or TLS dial
   * failed (or timed out); `startTLS`: the StartTLS operation or its handshake failed.
   */
  readonly failure: 'parse' | 'scheme' | 'connect' | 'startTLS';
  /** The underlying error text (socket error, TLS error, LDAP result text). */
  readonly reason: string;
}

/** `host:port` part of a URL, as OpenBao's scheme message shows it. */
function authorityOf(url: string): string {
  const start = url.indexOf('://');
  if (start < 0) return '';
  let end = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, start + 3);
    if (at >= 0 && at < end) end = at;
  }
  return url.slice(start + 3, end);
}

/** OpenBao's line for one failed URL. */
function connectionAttemptText(attempt: ConnectionAttempt): string {
  switch (attempt.failure) {
    case 'parse':
      return `error parsing url ${goQuote(attempt.url)}: ${attempt.reason}`;
    case 'scheme':
      return `invalid LDAP scheme in url ${goQuote(authorityOf(attempt.url))}`;
    case 'connect':
      return `error connecting to host ${goQuote(attempt.url)}: ${goLdapErrorText(200, attempt.reason)}`;
    case 'startTLS':
      return `error connecting to host ${goQuote(attempt.url)}: ${attempt.reason}`;
  }
}

/**
 * Every URL failed. The message is go-multierror's text, which OpenBao returns to the client
 * verbatim: `2 errors occurred:\n\t* <line>\n\t* <line>\n\n` (`1 error occurred:` for one).
 * Each failure is either a `ConnectionAttempt` (formatted by `connectionAttemptText`) or a line
 * already formatted by the caller.
 */
export class ConnectionError extends LdapAuthError {
  override readonly name: string = 'ConnectionError';
  /** One line per failed URL, in the order tried (redacted). */
  readonly failures: readonly string[];
  /** The failures given as `ConnectionAttempt`s (redacted); pre-formatted lines are not here. */
  readonly attempts: readonly ConnectionAttempt[];

  constructor(failures: readonly (ConnectionAttempt | string)[], options: RedactOptions = {}) {
    const attempts: ConnectionAttempt[] = [];
    const lines: string[] = [];
    for (const failure of failures) {
      if (typeof failure === 'string') {
        lines.push(redactSecrets(failure, options.redact));
        continue;
      }
      // Redact the parts before formatting: quoting could change how a secret is spelled.
      const attempt: ConnectionAttempt = {
        url: redactSecrets(failure.url, options.redact),
        failure: failure.failure,
        reason: redactSecrets(failure.reason, options.redact),
      };
      attempts.push(attempt);
      lines.push(connectionAttemptText(attempt));
    }
    const message =
      lines.length === 0
        ? 'no LDAP URL to connect to'
        : `${lines.length} ${lines.length === 1 ? 'error' : 'errors'} occurred:\n\t* ${lines.join('\n\t* ')}\n\n`;
    super('connection', message, { detail: lines.join('; '), redact: options.redact });
    this.failures = lines;
    this.attempts = attempts;
  }

  protected override jsonFields(): Record<string, unknown> {
    return { failures: this.failures };
  }
}
