/**
 * A search filter handed to ldapts as BER built from our own filter tree. ldapts parses filter
 * strings itself and turns each `\XX` escape into one UTF-16 character, so `caf\c3\a9` and binary
 * SIDs go out as the wrong bytes; building the BER from a parsed filter sends exactly the octets
 * of every assertion value.
 */
import { type BerWriter, Filter as LdaptsFilter, type SearchFilterValues } from 'ldapts';
import { formatFilter, parseFilter } from '../core/filter.js';
import type { Filter } from '../core/filter-ast.js';

const tags = {
  and: 0xa0,
  or: 0xa1,
  not: 0xa2,
  equality: 0xa3,
  substrings: 0xa4,
  greaterOrEqual: 0xa5,
  lessOrEqual: 0xa6,
  present: 0x87,
  approx: 0xa8,
  extensible: 0xa9,
} as const;

export class WireFilter extends LdaptsFilter {
  // ldapts reads `type` only when it writes the filter itself, which `write` below replaces.
  type = 0 as SearchFilterValues;

  constructor(readonly filter: Filter) {
    super();
  }

  /** From an RFC 4515 string (throws FilterSyntaxError). */
  static parse(text: string): WireFilter {
    return new WireFilter(parseFilter(text));
  }

  override write(writer: BerWriter): void {
    writeFilter(writer, this.filter);
  }

  override toString(): string {
    return formatFilter(this.filter);
  }
}

function writeFilter(w: BerWriter, f: Filter): void {
  switch (f.type) {
    case 'and':
    case 'or':
      w.startSequence(tags[f.type]);
      for (const child of f.filters) writeFilter(w, child);
      w.endSequence();
      return;
    case 'not':
      w.startSequence(tags.not);
      writeFilter(w, f.filter);
      w.endSequence();
      return;
    case 'present':
      w.writeString(f.attribute, tags.present);
      return;
    case 'equality':
    case 'greaterOrEqual':
    case 'lessOrEqual':
    case 'approx':
      w.startSequence(tags[f.type]);
      w.writeString(f.attribute);
      w.writeBuffer(f.value, 0x04);
      w.endSequence();
      return;
    case 'substrings':
      w.startSequence(tags.substrings);
      w.writeString(f.attribute);
      w.startSequence();
      if (f.initial !== undefined) w.writeBuffer(f.initial, 0x80);
      for (const piece of f.any) w.writeBuffer(piece, 0x81);
      if (f.final !== undefined) w.writeBuffer(f.final, 0x82);
      w.endSequence();
      w.endSequence();
      return;
    case 'extensible':
      w.startSequence(tags.extensible);
      if (f.matchingRule !== undefined) w.writeString(f.matchingRule, 0x81);
      if (f.attribute !== undefined) w.writeString(f.attribute, 0x82);
      w.writeBuffer(f.value, 0x83);
      if (f.dnAttributes) w.writeBoolean(true, 0x84);
      w.endSequence();
      return;
  }
}
