import type { IamUserName } from '../../../kernel/types';

/**
 * IAM user names as UTF-8 bytes end to end, a name made a string again when it is read. An
 * organization's report keeps every stale key's owner until it is sent: 449,328 in bench:org,
 * of which 360,000 distinct names held 21.7 MB of V8 heap as strings; as bytes and offsets about
 * 9 MB outside it (bench/README.md, organization).
 *
 * Written by hand: no library packs a column of strings; Buffer does the encoding.
 */
export class PackedNames {
  readonly length: number;

  private constructor(
    private readonly bytes: Buffer,
    /** Where each name starts; one more than there are names, the last the end of the bytes. */
    private readonly offsets: Uint32Array,
  ) {
    this.length = offsets.length - 1;
  }

  static of(names: readonly string[]): PackedNames {
    const offsets = new Uint32Array(names.length + 1);
    let end = 0;
    names.forEach((name, i) => {
      offsets[i] = end;
      end += Buffer.byteLength(name, 'utf8');
    });
    offsets[names.length] = end;
    const bytes = Buffer.alloc(end);
    names.forEach((name, i) => bytes.write(name, offsets[i]!, 'utf8'));
    return new PackedNames(bytes, offsets);
  }

  at(row: number): IamUserName {
    return this.bytes.toString('utf8', this.offsets[row], this.offsets[row + 1]) as IamUserName;
  }

  /**
   * The order of JavaScript's `<` between this name and another table's, without making either a
   * string (a merge compares names wherever two keys are as idle and as old). UTF-8's byte
   * order is code point order, which is UTF-16's except between U+E000-U+FFFF and the characters
   * beyond U+FFFF: where either name holds one (bytes 0xEE and up), the strings are compared.
   */
  compare(row: number, other: PackedNames, otherRow: number): number {
    const start = this.offsets[row]!;
    const end = this.offsets[row + 1]!;
    const otherStart = other.offsets[otherRow]!;
    const otherEnd = other.offsets[otherRow + 1]!;
    const order = this.bytes.compare(other.bytes, otherStart, otherEnd, start, end);
    if (order === 0 || (!this.beyondBmpOrder(start, end) && !other.beyondBmpOrder(otherStart, otherEnd))) {
      return order;
    }
    const first = this.at(row);
    const second = other.at(otherRow);
    return first < second ? -1 : first > second ? 1 : 0;
  }

  private beyondBmpOrder(start: number, end: number): boolean {
    for (let at = start; at < end; at++) if (this.bytes[at]! >= 0xee) return true;
    return false;
  }

  /** The names' bytes in all: what a copy of every name needs. */
  get byteLength(): number {
    return this.bytes.length;
  }

  /** Copies one name into a writer, as bytes. */
  copyTo(writer: PackedNamesWriter, row: number): void {
    writer.write(this.bytes, this.offsets[row]!, this.offsets[row + 1]!);
  }

  /** For PackedNamesWriter. */
  static fromParts(bytes: Buffer, offsets: Uint32Array): PackedNames {
    return new PackedNames(bytes, offsets);
  }
}

/**
 * Names copied from other PackedNames one at a time, in a new order (a merge, a sort), without a
 * string each. `count` names of `byteLength` bytes in all, as the sources hold.
 */
export class PackedNamesWriter {
  private readonly bytes: Buffer;
  private readonly offsets: Uint32Array;
  private count = 0;
  private end = 0;

  constructor(count: number, byteLength: number) {
    this.bytes = Buffer.alloc(byteLength);
    this.offsets = new Uint32Array(count + 1);
  }

  write(source: Buffer, start: number, end: number): void {
    this.offsets[this.count++] = this.end;
    this.end += source.copy(this.bytes, this.end, start, end);
  }

  build(): PackedNames {
    if (this.count !== this.offsets.length - 1) {
      throw new RangeError(`${this.count} names written of the ${this.offsets.length - 1} expected`);
    }
    this.offsets[this.count] = this.end;
    return PackedNames.fromParts(this.bytes.subarray(0, this.end), this.offsets);
  }
}
