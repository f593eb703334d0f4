/**
 * A generated sequence as a bash script of ldap-utils commands (ldapwhoami, ldapsearch,
 * ldapcompare, ldapmodify, ldappasswd, ldapexop) that reproduces it against any server:
 * `H=ldap://127.0.0.1:PORT bash repro.sh`, once against the real server and once against the mock,
 * both loaded with the same fixture. Each command opens its own connection, so the identity a
 * sequence had bound (its last bind that succeeded on the reference server) is passed as -D/-w.
 */
import type { Observed } from '../normalise.js';
import type { Step } from '../probe.js';
import { describeOperation, isTextValue, type Operation, valueBytes } from './operation.js';

/** A word for bash: single-quoted, with embedded quotes closed and reopened. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** RFC 2849 SAFE-STRING, else base64 (`type:: …`). */
function ldifLine(type: string, value: string): string {
  const bytes = valueBytes(value);
  const safe =
    isTextValue(value) &&
    /^[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(value) &&
    !value.endsWith(' ');
  if (value === '') return `${type}:`;
  return safe ? `${type}: ${value}` : `${type}:: ${bytes.toString('base64')}`;
}

function resultCode(observed: Observed | undefined): number | undefined {
  if (typeof observed !== 'object' || observed === null || Array.isArray(observed)) return undefined;
  const code = (observed as { readonly [key: string]: Observed })['code'];
  return typeof code === 'number' ? code : undefined;
}

interface Identity {
  readonly dn: string;
  readonly password: string;
}

function credentials(identity: Identity | undefined): string {
  return identity === undefined ? '' : ` -D ${quote(identity.dn)} -w ${quote(identity.password)}`;
}

function ldapmodify(identity: Identity | undefined, lines: readonly string[]): string {
  return [`ldapmodify -x -H "$H"${credentials(identity)} <<'LDIF'`, ...lines, 'LDIF'].join('\n');
}

function command(op: Operation, identity: Identity | undefined): string {
  const as = credentials(identity);
  switch (op.kind) {
    case 'bind':
      return op.dn === '' && op.password === ''
        ? 'ldapwhoami -x -H "$H"'
        : `ldapwhoami -x -H "$H" -D ${quote(op.dn)} -w ${quote(op.password)}`;
    case 'search': {
      const options = [
        `-b ${quote(op.base)}`,
        `-s ${op.scope}`,
        op.sizeLimit > 0 ? `-z ${op.sizeLimit}` : '',
        op.timeLimit > 0 ? `-l ${op.timeLimit}` : '',
        op.typesOnly ? '-A' : '',
        op.pageSize === undefined ? '' : `-E pr=${op.pageSize}/noprompt`,
      ].filter((o) => o !== '');
      const attributes = op.attributes.map(quote).join(' ');
      return `ldapsearch -x -H "$H"${as} ${options.join(' ')} ${quote(op.filter)}${attributes ? ` ${attributes}` : ''}`;
    }
    case 'compare': {
      const assertion = isTextValue(op.value)
        ? `${op.attribute}:${op.value}`
        : `${op.attribute}::${valueBytes(op.value).toString('base64')}`;
      return `ldapcompare -x -H "$H"${as} ${quote(op.dn)} ${quote(assertion)}`;
    }
    case 'add': {
      const lines = [ldifLine('dn', op.dn), 'changetype: add'];
      for (const [type, values] of op.attributes) {
        if (values.length === 0)
          lines.push(`# ${type} with no value: LDIF cannot write it, the generator sent it`);
        for (const value of values) lines.push(ldifLine(type, value));
      }
      return ldapmodify(identity, lines);
    }
    case 'modify': {
      const lines = [ldifLine('dn', op.dn), 'changetype: modify'];
      for (const change of op.changes) {
        if (change.operation === 'add' && change.values.length === 0) {
          lines.push(`# add: ${change.type} with no value: ldapmodify leaves it out, the generator sent it`);
        }
        lines.push(
          `${change.operation}: ${change.type}`,
          ...change.values.map((v) => ldifLine(change.type, v)),
          '-',
        );
      }
      return ldapmodify(identity, lines);
    }
    case 'delete':
      return ldapmodify(identity, [ldifLine('dn', op.dn), 'changetype: delete']);
    case 'rename':
      return ldapmodify(identity, [
        ldifLine('dn', op.dn),
        'changetype: modrdn',
        ldifLine('newrdn', op.newRdn),
        `deleteoldrdn: ${op.deleteOldRdn ? 1 : 0}`,
        ...(op.newSuperior === undefined ? [] : [ldifLine('newsuperior', op.newSuperior)]),
      ]);
    case 'whoami':
      return `ldapwhoami -x -H "$H"${as}`;
    case 'passwordModify': {
      // ldappasswd sends no newPasswd without -s (the server generates one); -s '' sends an empty one.
      const parts = [
        op.oldPassword === undefined ? '' : `-a ${quote(op.oldPassword)}`,
        op.newPassword === undefined ? '' : `-s ${quote(op.newPassword)}`,
        op.userIdentity === undefined ? '' : quote(op.userIdentity),
      ].filter((p) => p !== '');
      return `ldappasswd -x -H "$H"${as}${parts.length > 0 ? ` ${parts.join(' ')}` : ''}`;
    }
    case 'unknownExtended':
      return `ldapexop -x -H "$H"${as} ${op.oid}`;
  }
}

/**
 * The script for `ops`; `reference` are the reference server's observations (the binds that
 * succeeded there decide the identity of later commands).
 */
export function reproductionScript(
  ops: readonly Operation[],
  reference: readonly Step[],
  header: readonly string[],
): string {
  const lines = [
    '#!/usr/bin/env bash',
    ...header.map((h) => `# ${h}`),
    '# Run it against each server: H=ldap://127.0.0.1:PORT bash this-script.sh',
    ['H=$', '{H:?set H to the server URL}'].join(''),
  ];
  let identity: Identity | undefined;
  for (const [i, op] of ops.entries()) {
    lines.push('', `# [${i}] ${describeOperation(op).replace(/\n/g, ' ')}`, command(op, identity));
    const succeeded = resultCode(reference[i]?.observed) === 0;
    if (op.kind === 'bind') {
      identity =
        succeeded && op.dn !== '' && op.password !== '' ? { dn: op.dn, password: op.password } : undefined;
    }
    // A changed own password is the one later commands must bind with.
    const ownChange =
      op.kind === 'passwordModify' && (op.userIdentity === undefined || op.userIdentity === identity?.dn);
    if (succeeded && ownChange && identity !== undefined && op.newPassword !== undefined) {
      identity = { dn: identity.dn, password: op.newPassword };
    }
  }
  return lines.join('\n');
}
