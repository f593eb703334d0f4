/**
 * AD's ATTRTYP of an attribute OID (MS-DRSR 5.16.4 "ATTRTYP-to-OID Conversion"): the index of the
 * OID's prefix (all arcs but the last) in the default prefix table, shifted up 16 bits, plus the
 * last arc. Samba keeps an object's attributes in ATTRTYP order
 * when it stores a new one, which its `value #N already exists` counts in.
 */

/** MS-DRSR 5.16.4's default prefix table, as Samba 4.17 provisions it (index → OID prefix). */
const PREFIXES: readonly (readonly [number, string])[] = [
  [0x00, '2.5.4'],
  [0x01, '2.5.6'],
  [0x02, '1.2.840.113556.1.2'],
  [0x03, '1.2.840.113556.1.3'],
  [0x04, '2.16.840.1.101.2.2.1'],
  [0x05, '2.16.840.1.101.2.2.3'],
  [0x06, '2.16.840.1.101.2.1.5'],
  [0x07, '2.16.840.1.101.2.1.4'],
  [0x08, '2.5.5'],
  [0x09, '1.2.840.113556.1.4'],
  [0x0a, '1.2.840.113556.1.5'],
  [0x0b, '1.2.840.113556.1.4.260'],
  [0x0c, '1.2.840.113556.1.5.56'],
  [0x0d, '1.2.840.113556.1.4.262'],
  [0x0e, '1.2.840.113556.1.5.57'],
  [0x0f, '1.2.840.113556.1.4.263'],
  [0x10, '1.2.840.113556.1.5.58'],
  [0x11, '1.2.840.113556.1.5.73'],
  [0x12, '1.2.840.113556.1.4.305'],
  [0x13, '0.9.2342.19200300.100'],
  [0x14, '2.16.840.1.113730.3'],
  [0x15, '0.9.2342.19200300.100.1'],
  [0x16, '2.16.840.1.113730.3.1'],
  [0x17, '1.2.840.113556.1.5.7000'],
  [0x18, '2.5.21'],
  [0x19, '2.5.18'],
  [0x1a, '2.5.20'],
  [0x1b, '1.3.6.1.4.1.1466.101.119'],
  [0x1c, '2.16.840.1.113730.3.2'],
  [0x1d, '1.3.6.1.4.1.250.1'],
  [0x1e, '1.2.840.113549.1.9'],
  [0x1f, '0.9.2342.19200300.100.4'],
  [0x20, '1.2.840.113556.1.6.23'],
  [0x21, '1.2.840.113556.1.6.18.1'],
  [0x22, '1.2.840.113556.1.6.18.2'],
  [0x23, '1.2.840.113556.1.6.13.3'],
  [0x24, '1.2.840.113556.1.6.13.4'],
  [0x25, '1.3.6.1.1.1.1'],
  [0x26, '1.3.6.1.1.1.2'],
];

const INDEX_BY_PREFIX: ReadonlyMap<string, number> = new Map(
  PREFIXES.map(([index, prefix]) => [prefix, index]),
);

/**
 * The ATTRTYP of an OID, or undefined when its prefix is not in the default table (a domain adds
 * such prefixes as its schema needs them, in an order of its own) or its last arc is 16384 or
 * more (then AD encodes it otherwise).
 */
export function adAttributeId(oid: string): number | undefined {
  const dot = oid.lastIndexOf('.');
  if (dot < 0) return undefined;
  const index = INDEX_BY_PREFIX.get(oid.slice(0, dot));
  const arc = Number(oid.slice(dot + 1));
  if (index === undefined || !Number.isInteger(arc) || arc < 0 || arc >= 0x4000) return undefined;
  // The schema's own attributes: the last arc as is (sAMAccountName …1.4.221 is 0x000900DD).
  return index * 0x10000 + arc;
}
