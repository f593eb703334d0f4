/** LDAP URLs as OpenBao takes them: `ldap://host[:port]` or `ldaps://…`, one of a failover list. */
import net from 'node:net';

export interface LdapUrl {
  /** The URL as configured (lower-cased). */
  readonly url: string;
  readonly scheme: 'ldap' | 'ldaps';
  /** Host name or IP address; an IPv6 address without its brackets. */
  readonly host: string;
  /** The given port, else 389 for ldap and 636 for ldaps. */
  readonly port: number;
}

/** Shows a URL with any user info masked, so an error never repeats a password typed in a URL. */
export function maskUserInfo(url: string): string {
  const start = url.indexOf('://');
  if (start < 0) return url;
  const slash = url.indexOf('/', start + 3);
  const authorityEnd = slash < 0 ? url.length : slash;
  const at = url.lastIndexOf('@', authorityEnd - 1);
  if (at <= start) return url;
  return `${url.slice(0, start + 3)}***${url.slice(at)}`;
}

/**
 * Parses one LDAP URL: `ldap://host[:port][/…]` or `ldaps://…`; the path (LDAP URL DN, attributes,
 * scope, filter) is ignored, as OpenBao ignores it. Throws an Error whose message is the reason.
 */
export function parseLdapUrl(url: string): LdapUrl {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) throw new Error('not a URL (expected ldap://host[:port] or ldaps://host[:port])');
  const scheme = url.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'ldap' && scheme !== 'ldaps') {
    throw new Error(`unsupported scheme ${JSON.stringify(scheme)} (only ldap and ldaps)`);
  }
  let end = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, schemeEnd + 3);
    if (at >= 0 && at < end) end = at;
  }
  const authority = url.slice(schemeEnd + 3, end);
  if (authority.includes('@')) {
    throw new Error('user info in the URL is not supported (put the account in binddn and bindpass)');
  }
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) throw new Error("IPv6 address without its closing ']'");
    host = authority.slice(1, close);
    if (net.isIPv6(host) === false) throw new Error(`${JSON.stringify(host)} is not an IPv6 address`);
    const rest = authority.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) throw new Error(`unexpected ${JSON.stringify(rest)} after the IPv6 address`);
      portText = rest.slice(1);
    }
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0 && authority.indexOf(':') !== colon) {
      throw new Error('an IPv6 address must be written in brackets, e.g. ldap://[::1]:389');
    }
    host = colon < 0 ? authority : authority.slice(0, colon);
    if (colon >= 0) portText = authority.slice(colon + 1);
  }
  if (host === '') throw new Error('no host (write ldap://host or ldaps://host)');
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x25 || c === 0x5c) {
      throw new Error(`invalid character ${JSON.stringify(host[i])} in host ${JSON.stringify(host)}`);
    }
  }
  let port = scheme === 'ldaps' ? 636 : 389;
  if (portText !== undefined) {
    if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      throw new Error(`invalid port ${JSON.stringify(portText)} (must be 1 to 65535)`);
    }
    port = Number(portText);
  }
  return { url, scheme, host, port };
}
