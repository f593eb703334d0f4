/** The change records of LDIF (`changetype:` add, delete, modify, modrdn/moddn) and their `control:` lines. */
import {
  isLdifAttributeDescription,
  isLdifNumericOid,
  type LdifControl,
  type LdifModification,
  type LdifRecord,
  type LdifValue,
} from './ldif.js';
import { readAttributes } from './ldif-attributes.js';
import { excerpt, type LdifLines } from './ldif-lines.js';
import type { LdifValues } from './ldif-values.js';

const SPACE = 0x20;
const COLON = 0x3a;
const LESS_THAN = 0x3c;
const DASH = 0x2d;

const MODIFY_OPERATIONS: ReadonlyMap<string, LdifModification['operation']> = new Map([
  ['add', 'add'],
  ['delete', 'delete'],
  ['replace', 'replace'],
  ['increment', 'increment'],
]);

interface OpenBlock {
  readonly operation: LdifModification['operation'];
  readonly type: string;
  readonly lower: string;
  readonly values: LdifValue[];
  readonly index: number;
}

/** The rest of a change record, from its `changetype:` line (at `changetypeIndex`) on. */
export function readChangeRecord(
  lines: LdifLines,
  values: LdifValues,
  changetypeIndex: number,
  dn: string,
  line: number,
  controls: LdifControl[],
): LdifRecord {
  const i = changetypeIndex;
  const changetype = values.readKeyword(i, 'changetype'.length, 'changetype');
  switch (changetype.toLowerCase()) {
    case 'add':
      return {
        kind: 'add',
        dn,
        line,
        controls,
        attributes: readAttributes(lines, values, i + 1, i, 'an add'),
      };
    case 'delete':
      if (i + 1 < lines.count) {
        throw lines.fail(
          i + 1,
          `unexpected line after 'changetype: delete': ${excerpt(lines.texts[i + 1]!)} (a delete record ends there)`,
        );
      }
      return { kind: 'delete', dn, line, controls };
    case 'modify':
      return { kind: 'modify', dn, line, controls, changes: readModifications(lines, values, i + 1) };
    case 'modrdn':
    case 'moddn':
      return readModRdn(lines, values, i, dn, line, controls);
    default:
      throw lines.fail(
        i,
        `unknown changetype ${excerpt(changetype)} (expected add, delete, modify, modrdn or moddn)`,
      );
  }
}

/** The `add:` / `delete:` / `replace:` / `increment:` blocks of a modify record. */
function readModifications(lines: LdifLines, values: LdifValues, from: number): LdifModification[] {
  const changes: LdifModification[] = [];
  let block: OpenBlock | undefined;
  for (let i = from; i < lines.count; i++) {
    try {
      const text = lines.texts[i]!;
      if (isDashLine(text)) {
        if (block === undefined) {
          throw lines.fail(i, "'-' without an open 'add:', 'delete:', 'replace:' or 'increment:' block");
        }
        const closed = block;
        block = undefined;
        closeBlock(lines, closed, changes);
        continue;
      }
      const colon = text.indexOf(':');
      if (colon < 0) throw lines.fail(i, `line has no ':' separator: ${excerpt(text)}`);
      const type = text.slice(0, colon);
      const lower = type.toLowerCase();
      if (block !== undefined) {
        if (lower === block.lower) {
          block.values.push(values.readValue(i, colon, type));
          continue;
        }
        if (!MODIFY_OPERATIONS.has(lower)) {
          throw lines.fail(
            i,
            `attribute ${excerpt(type)} inside the '${block.operation}: ${block.type}' block (its lines must all be '${block.type}:')`,
          );
        }
        // A new block starts: report the missing '-' and carry on with the new block.
        lines.collect(
          lines.fail(block.index, `'${block.operation}: ${block.type}' block is not ended by a '-' line`),
        );
        block = undefined;
      }
      const operation = MODIFY_OPERATIONS.get(lower);
      if (operation === undefined) {
        throw lines.fail(
          i,
          `expected 'add:', 'delete:', 'replace:' or 'increment:' in a modify record, found ${excerpt(type + ':')}`,
        );
      }
      const attribute = values.readKeyword(i, colon, lower);
      if (!isLdifAttributeDescription(attribute)) {
        throw lines.fail(i, `invalid attribute type ${excerpt(attribute)} after '${lower}:'`);
      }
      block = { operation, type: attribute, lower: attribute.toLowerCase(), values: [], index: i };
    } catch (error) {
      lines.collect(error);
    }
  }
  // The record's last block may end with the record instead of a '-' line: ldapmodify and the
  // OpenLDAP images' bootstrap take it so, and so many hand-written files rely on it.
  if (block !== undefined) {
    try {
      closeBlock(lines, block, changes);
    } catch (error) {
      lines.collect(error);
    }
  }
  return changes;
}

function closeBlock(lines: LdifLines, block: OpenBlock, changes: LdifModification[]): void {
  if (block.operation === 'increment' && block.values.length !== 1) {
    throw lines.fail(
      block.index,
      `'increment: ${block.type}' needs exactly one value, found ${block.values.length}`,
    );
  }
  changes.push({ operation: block.operation, type: block.type, values: block.values });
}

function readModRdn(
  lines: LdifLines,
  values: LdifValues,
  changetypeIndex: number,
  dn: string,
  line: number,
  controls: LdifControl[],
): LdifRecord {
  let newRdn: string | undefined;
  let deleteOldRdn: boolean | undefined;
  let newSuperior: string | undefined;
  const seen = new Set<string>();
  for (let i = changetypeIndex + 1; i < lines.count; i++) {
    try {
      const text = lines.texts[i]!;
      const colon = text.indexOf(':');
      if (colon < 0) throw lines.fail(i, `line has no ':' separator: ${excerpt(text)}`);
      const keyword = text.slice(0, colon).toLowerCase();
      if (keyword !== 'newrdn' && keyword !== 'deleteoldrdn' && keyword !== 'newsuperior') {
        throw lines.fail(
          i,
          `unexpected ${excerpt(text.slice(0, colon + 1))} in a modrdn record (expected 'newrdn:', 'deleteoldrdn:' or 'newsuperior:')`,
        );
      }
      if (seen.has(keyword)) throw lines.fail(i, `'${keyword}:' appears twice in a modrdn record`);
      seen.add(keyword);
      if (keyword === 'newrdn') {
        newRdn = values.readText(i, colon, 'newrdn');
        if (newRdn === '') throw lines.fail(i, "'newrdn:' is empty");
      } else if (keyword === 'deleteoldrdn') {
        const flag = values.readKeyword(i, colon, 'deleteoldrdn');
        if (flag !== '0' && flag !== '1') {
          throw lines.fail(i, `'deleteoldrdn:' must be 0 or 1, found ${excerpt(flag)}`);
        }
        deleteOldRdn = flag === '1';
      } else {
        newSuperior = values.readText(i, colon, 'newsuperior');
      }
    } catch (error) {
      lines.collect(error);
    }
  }
  if (!seen.has('newrdn')) throw lines.fail(changetypeIndex, "modrdn record has no 'newrdn:' line");
  if (!seen.has('deleteoldrdn'))
    throw lines.fail(changetypeIndex, "modrdn record has no 'deleteoldrdn:' line");
  const record = {
    kind: 'modrdn',
    dn,
    line,
    controls,
    newRdn: newRdn ?? '',
    deleteOldRdn: deleteOldRdn ?? false,
  } as const;
  return newSuperior === undefined ? record : { ...record, newSuperior };
}

/** `control: <numeric oid> [true|false] [value-spec]` */
export function readControl(lines: LdifLines, values: LdifValues, index: number): LdifControl {
  const text = lines.texts[index]!;
  const length = text.length;
  let p = 'control:'.length;
  const marker = text.charCodeAt(p);
  if (marker === COLON || marker === LESS_THAN) {
    throw lines.fail(index, "'control:' takes a plain value ('control: <oid> [true|false] [value]')");
  }
  while (p < length && text.charCodeAt(p) === SPACE) p++;
  const oidStart = p;
  while (p < length && text.charCodeAt(p) !== SPACE && text.charCodeAt(p) !== COLON) p++;
  const oid = text.slice(oidStart, p);
  if (!isLdifNumericOid(oid)) {
    throw lines.fail(
      index,
      `invalid control OID ${excerpt(oid)} (expected a numeric OID such as 1.2.840.113556.1.4.319)`,
    );
  }
  while (p < length && text.charCodeAt(p) === SPACE) p++;
  let critical = false;
  if (p < length && text.charCodeAt(p) !== COLON) {
    const wordStart = p;
    while (p < length && text.charCodeAt(p) !== SPACE && text.charCodeAt(p) !== COLON) p++;
    const word = text.slice(wordStart, p).toLowerCase();
    if (word === 'true') critical = true;
    else if (word !== 'false') {
      throw lines.fail(
        index,
        `control criticality must be 'true' or 'false', found ${excerpt(text.slice(wordStart, p))}`,
      );
    }
    while (p < length && text.charCodeAt(p) === SPACE) p++;
    if (p < length && text.charCodeAt(p) !== COLON) {
      throw lines.fail(index, `unexpected ${excerpt(text.slice(p))} after the control criticality`);
    }
  }
  if (p >= length) return { oid, critical };
  return { oid, critical, value: values.readValue(index, p, `control ${oid}`) };
}

/** `-`, possibly followed by spaces. */
function isDashLine(text: string): boolean {
  if (text.charCodeAt(0) !== DASH) return false;
  for (let i = 1; i < text.length; i++) if (text.charCodeAt(i) !== SPACE) return false;
  return true;
}
