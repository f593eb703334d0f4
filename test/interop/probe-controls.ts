/**
 * Request controls ldapts does not build itself, for probes and tests: any OID with a raw value,
 * AD's extended DN, RFC 3672 subentries and RFC 3876 matched values.
 */
import { BerReader, BerWriter, Control } from 'ldapts';
import { WireFilter } from '../../src/client/wire/wire-filter.js';

/** A control with an arbitrary (or no) value. */
export class RawControl extends Control {
  constructor(
    oid: string,
    private readonly value?: Buffer,
    critical = false,
  ) {
    super(oid, { critical });
  }

  protected override writeControl(writer: BerWriter): void {
    if (this.value !== undefined) writer.writeBuffer(this.value, 0x04);
  }
}

export const EXTENDED_DN_OID = '1.2.840.113556.1.4.529';
export const SUBENTRIES_OID = '1.3.6.1.4.1.4203.1.10.1';
export const MATCHED_VALUES_OID = '1.2.826.0.1.3344810.2.3';
export const SERVER_SORT_OID = '1.2.840.113556.1.4.473';

function sequence(write: (writer: BerWriter) => void): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  write(writer);
  writer.endSequence();
  return writer.buffer;
}

/** AD's extended DN control: no value, or `{ option }` (0 hex, 1 string form). */
export function extendedDNControl(option?: 0 | 1): Control {
  const value = option === undefined ? undefined : sequence((w) => w.writeInt(option));
  return new RawControl(EXTENDED_DN_OID, value);
}

/** RFC 3672: the value is a bare BOOLEAN. */
export function subentriesControl(visibility: boolean, critical = true): Control {
  const writer = new BerWriter();
  writer.writeBoolean(visibility);
  return new RawControl(SUBENTRIES_OID, writer.buffer, critical);
}

/** RFC 3876: `items` are simple filter items in RFC 4515 form, e.g. ['(sn=Liddell)']. */
export function matchedValuesControl(items: readonly string[], critical = true): Control {
  return new RawControl(
    MATCHED_VALUES_OID,
    sequence((w) => {
      for (const item of items) WireFilter.parse(item).write(w);
    }),
    critical,
  );
}

/** RFC 2891: one key per entry, `-` in front for reverse order. */
export function sortControl(keys: readonly string[], critical = false): Control {
  return new RawControl(
    SERVER_SORT_OID,
    sequence((w) => {
      for (const key of keys) {
        // `-attr:orderingRule`, as ldapsearch -E sss= takes it.
        const [attribute = '', rule] = key.replace(/^-/, '').split(':');
        w.startSequence();
        w.writeString(attribute);
        if (rule !== undefined) w.writeString(rule, 0x80);
        if (key.startsWith('-')) w.writeBoolean(true, 0x81);
        w.endSequence();
      }
    }),
    critical,
  );
}

export const VLV_OID = '2.16.840.1.113730.3.4.9';
export const SORT_RESULT_OID = '1.2.840.113556.1.4.474';
export const VLV_RESULT_OID = '2.16.840.1.113730.3.4.10';

/** The virtual list view request: `before`/`after` around an offset of a count, or a value. */
export function listViewControl(
  before: number,
  after: number,
  target: { readonly offset: number; readonly count: number } | { readonly value: string },
  contextID?: Buffer,
): Control {
  return new RawControl(
    VLV_OID,
    sequence((w) => {
      w.writeInt(before);
      w.writeInt(after);
      if ('value' in target) w.writeString(target.value, 0x81);
      else {
        w.startSequence(0xa0);
        w.writeInt(target.offset);
        w.writeInt(target.count);
        w.endSequence();
      }
      if (contextID) w.writeBuffer(contextID, 0x04);
    }),
  );
}

/** SortResult ::= SEQUENCE { sortResult ENUMERATED, attributeType [0] OPTIONAL }: the code. */
export function sortResultCode(value: Buffer): number {
  const reader = new BerReader(value);
  reader.readSequence();
  return reader.readEnumeration() ?? -1;
}

/** VirtualListViewResponse: the target's position, the content count and the view's result. */
export function listViewResult(value: Buffer): { position: number; count: number; code: number } {
  const reader = new BerReader(value);
  reader.readSequence();
  const position = reader.readInt() ?? -1;
  const count = reader.readInt() ?? -1;
  return { position, count, code: reader.readEnumeration() ?? -1 };
}
