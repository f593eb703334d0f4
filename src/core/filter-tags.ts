/**
 * The BER tags of RFC 4511's Filter (§4.5.1): one per CHOICE, and the context tags inside
 * substrings and extensible matches. The server decodes with them and the client encodes with
 * them, so the two cannot disagree.
 */
export const FilterTag = {
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

export const SubstringTag = { initial: 0x80, any: 0x81, final: 0x82 } as const;

export const ExtensibleTag = {
  matchingRule: 0x81,
  type: 0x82,
  matchValue: 0x83,
  dnAttributes: 0x84,
} as const;
