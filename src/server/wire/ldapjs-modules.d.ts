// Typings for the parts of ldapjs' codec packages this layer uses (they ship none).
declare module '@ldapjs/asn1' {
  class BerReader {
    constructor(buffer: Buffer);
    readonly offset: number;
    readonly length: number;
    peek(): number | null;
    readSequence(tag?: number): number | null;
    readString(tag: number, asBuffer: true): Buffer | null;
    readString(tag?: number, asBuffer?: false): string | null;
    readInt(tag?: number): number | null;
    readBoolean(tag?: number): boolean;
    readRawBuffer(tag: number, advanceOffset?: boolean): Buffer | null;
    setOffset(offset: number): void;
  }
  class BerWriter {
    constructor(options?: { size?: number; growthFactor?: number });
    readonly buffer: Buffer;
    startSequence(tag?: number): void;
    endSequence(): void;
    writeString(value: string, tag?: number): void;
    writeBuffer(value: Buffer, tag: number): void;
    writeInt(value: number, tag?: number): void;
    writeEnumeration(value: number, tag?: number): void;
    writeBoolean(value: boolean, tag?: number): void;
    appendBuffer(buffer: Buffer): void;
  }
  const asn1: { BerReader: typeof BerReader; BerWriter: typeof BerWriter };
  export default asn1;
}
