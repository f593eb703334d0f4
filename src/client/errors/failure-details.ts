/** What a failed LDAP step reports for the log, redacted: step, user, bind DN, result, AD reason. */
import { type AdDiagnostic, parseAdDiagnostic } from '../ad-diagnostics.js';
import { cleanDiagnosticMessage, goLdapErrorText } from './go-ldap-text.js';
import { goQuote } from './go-quote.js';
import { type RedactOptions, redactSecrets } from './redaction.js';

/** Details of a failed LDAP step. */
export interface LdapFailureDetails extends RedactOptions {
  /** What went wrong, for the log: `LDAP search for binddn 0 or not unique`. */
  readonly reason?: string | undefined;
  /** The (normalised) username, for the log. */
  readonly username?: string | undefined;
  /** The DN (or UPN) the failing bind used. */
  readonly bindDN?: string | undefined;
  readonly resultCode?: number | undefined;
  /** The server's diagnostic (ldapts' ` Code: 0x..` suffix is removed). */
  readonly diagnosticMessage?: string | undefined;
}

export function describeLdapFailure(details: LdapFailureDetails & { readonly step?: string }): {
  detail: string;
  diagnostic: string;
  ad: AdDiagnostic | undefined;
} {
  // Redact each part before quoting it: quoting could change how a secret is spelled.
  const redact = (text: string): string => redactSecrets(text, details.redact);
  const diagnostic = cleanDiagnosticMessage(redact(details.diagnosticMessage ?? ''));
  const ad = parseAdDiagnostic(diagnostic);
  const pieces: string[] = [];
  if (details.step !== undefined) pieces.push(`step ${details.step}`);
  if (details.username !== undefined) pieces.push(`user ${goQuote(redact(details.username))}`);
  if (details.bindDN !== undefined) pieces.push(`bind DN ${goQuote(redact(details.bindDN))}`);
  if (details.reason !== undefined && details.reason !== '') pieces.push(redact(details.reason));
  if (details.resultCode !== undefined) pieces.push(goLdapErrorText(details.resultCode, diagnostic));
  else if (diagnostic !== '') pieces.push(diagnostic);
  if (ad !== undefined) pieces.push(`AD data ${ad.data}: ${ad.reason}`);
  return { detail: pieces.join('; '), diagnostic, ad };
}

/** The error text of a failed search, as the client sees it after OpenBao's prefix. */
export function causeText(details: LdapFailureDetails): string {
  const diagnostic = cleanDiagnosticMessage(redactSecrets(details.diagnosticMessage ?? '', details.redact));
  if (details.resultCode !== undefined) return goLdapErrorText(details.resultCode, diagnostic);
  return redactSecrets(details.reason ?? diagnostic, details.redact);
}
