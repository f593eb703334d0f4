/**
 * A search filter handed to ldapts as BER built from our own filter tree. ldapts parses filter
 * strings itself and turns each `\XX` escape into one UTF-16 character, so `caf\c3\a9` and binary
 * SIDs go out as the wrong bytes; building the BER from a parsed filter sends exactly the octets
 * of every assertion value.
 */
import { type BerWriter, Filter as LdaptsFilter, type SearchFilterValues } from 'ldapts';
import type { Filter } from '../../core/filter-ast.js';
import { formatFilter } from '../../core/filter-format.js';
import { parseFilter } from '../../core/filter-parse.js';
import { ExtensibleTag, FilterTag, SubstringTag } from '../../core/filter-tags.js';

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
      w.startSequence(FilterTag[f.type]);
      for (const child of f.filters) writeFilter(w, child);
      w.endSequence();
      return;
    case 'not':
      w.startSequence(FilterTag.not);
      writeFilter(w, f.filter);
      w.endSequence();
      return;
    case 'present':
      w.writeString(f.attribute, FilterTag.present);
      return;
    case 'equality':
    case 'greaterOrEqual':
    case 'lessOrEqual':
    case 'approx':
      w.startSequence(FilterTag[f.type]);
      w.writeString(f.attribute);
      w.writeBuffer(f.value, 0x04);
      w.endSequence();
      return;
    case 'substrings':
      w.startSequence(FilterTag.substrings);
      w.writeString(f.attribute);
      w.startSequence();
      if (f.initial !== undefined) w.writeBuffer(f.initial, SubstringTag.initial);
      for (const piece of f.any) w.writeBuffer(piece, SubstringTag.any);
      if (f.final !== undefined) w.writeBuffer(f.final, SubstringTag.final);
      w.endSequence();
      w.endSequence();
      return;
    case 'extensible':
      w.startSequence(FilterTag.extensible);
      if (f.matchingRule !== undefined) w.writeString(f.matchingRule, ExtensibleTag.matchingRule);
      if (f.attribute !== undefined) w.writeString(f.attribute, ExtensibleTag.type);
      w.writeBuffer(f.value, ExtensibleTag.matchValue);
      if (f.dnAttributes) w.writeBoolean(true, ExtensibleTag.dnAttributes);
      w.endSequence();
      return;
  }
}
