/**
 * One line per operation for `serve --log ops`, in the manner of slapd's stats log
 * (`conn=1001 op=2 SRCH base="…" scope=2 filter="…"` and its result), on one line with the
 * result, and why a search found nothing; coloured on a terminal.
 */
import type { JournalEntry } from '../server/index.js';

const TAGS: Record<JournalEntry['operation'], string> = {
  bind: 'BIND',
  search: 'SRCH',
  compare: 'CMP',
  add: 'ADD',
  modify: 'MOD',
  delete: 'DEL',
  modifyDN: 'MODRDN',
  extended: 'EXT',
};

const SCOPES = { base: 0, one: 1, sub: 2 } as const;

const paint = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const red = paint(31);
const green = paint(32);
const yellow = paint(33);
const dim = paint(2);

export function operationLogLine(op: JournalEntry, colour: boolean): string {
  const request = [`conn=${op.connection}`, `op=${op.messageId}`, TAGS[op.operation], ...requestParts(op)];
  if (op.controls.length > 0) request.push(`ctrls=${op.controls.map((c) => c.name ?? c.oid).join(',')}`);
  request.push(op.tls ? 'tls' : 'clear');
  const answer = [`err=${op.code}`];
  if (op.diagnosticMessage) answer.push(`text=${quote(op.diagnosticMessage)}`);
  if (op.entries !== undefined) answer.push(`nentries=${op.entries}`);
  answer.push(`${op.durationMs.toFixed(1)}ms`);
  let result = answer.join(' ');
  if (colour) result = op.code !== 0 ? red(result) : op.entries === 0 ? yellow(result) : green(result);
  const why = op.explanation ? ` — ${op.explanation.summary}` : '';
  return `${request.join(' ')} → ${result}${colour && why ? dim(why) : why}`;
}

function requestParts(op: JournalEntry): string[] {
  switch (op.operation) {
    case 'bind':
      return [
        `dn=${quote(op.target)}`,
        op.method === 'sasl' ? `method=sasl/${op.mechanism ?? ''}` : 'method=simple',
        ...(op.credentials !== undefined ? [`password=${op.credentials}`] : []),
      ];
    case 'search':
      return [
        `base=${quote(op.target)}`,
        `scope=${SCOPES[op.scope ?? 'sub']}`,
        `filter=${quote(op.filter ?? '')}`,
        ...(op.attributes && op.attributes.length > 0 ? [`attrs=${quote(op.attributes.join(' '))}`] : []),
      ];
    case 'compare':
      return [`dn=${quote(op.target)}`, `attr=${op.attribute ?? ''}`];
    case 'add':
    case 'modify':
      return [`dn=${quote(op.target)}`, `attrs=${quote((op.changes ?? []).map((c) => c.type).join(' '))}`];
    case 'modifyDN':
      return [`dn=${quote(op.target)}`, `newrdn=${quote(op.newRDN ?? '')}`];
    case 'delete':
      return [`dn=${quote(op.target)}`];
    case 'extended':
      return [`oid=${op.target}`, ...(op.extendedName ? [`(${op.extendedName})`] : [])];
  }
}

/** In double quotes, control characters shown as \uXXXX so a hostile name cannot forge a line. */
function quote(text: string): string {
  const escaped = text
    .replace(/["\\]/g, (c) => `\\${c}`)
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}
