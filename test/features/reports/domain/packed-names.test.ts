import fc from 'fast-check';
import { PackedNames, PackedNamesWriter } from '../../../../src/features/reports/domain/packed-names';

describe('PackedNames', () => {
  it('gives back every name as it was, any Unicode included', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 30 }), (names) => {
        const packed = PackedNames.of(names);
        expect(packed.length).toBe(names.length);
        expect(names.map((_name, row) => packed.at(row))).toEqual(names);
      }),
    );
  });

  it('copies names into a new order as bytes, each the same name', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.string({ maxLength: 8 }), { maxLength: 10 }),
        (first, second) => {
          const sources = [PackedNames.of(first), PackedNames.of(second)];
          const order: Array<readonly [number, number]> = [...second.keys()].map((row) => [1, row]);
          for (let row = first.length - 1; row >= 0; row--) order.push([0, row]);
          const writer = new PackedNamesWriter(order.length, sources[0]!.byteLength + sources[1]!.byteLength);
          for (const [source, row] of order) sources[source]!.copyTo(writer, row);
          const copied = writer.build();
          const expected = [...second, ...[...first].reverse()];
          expect(expected.map((_name, row) => copied.at(row))).toEqual(expected);
        },
      ),
    );
  });

  it("orders two names as JavaScript's < orders the strings, any Unicode included", () => {
    const name = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      // Names are well-formed text (IAM's own are ASCII); the edges where UTF-8's order is not UTF-16's:
      fc.constantFrom(
        'alice',
        'alice2',
        'Alice',
        '\uD7FF',
        '\uE000',
        '\u{1F600}',
        'a\uFFFF',
        'a\u{10000}',
        '\u{10FFFF}',
      ),
    );
    fc.assert(
      fc.property(
        fc.array(name, { minLength: 1, maxLength: 8 }),
        fc.array(name, { minLength: 1, maxLength: 8 }),
        (left, right) => {
          const a = PackedNames.of(left);
          const b = PackedNames.of(right);
          left.forEach((first, i) =>
            right.forEach((second, j) => {
              const expected = first < second ? -1 : first > second ? 1 : 0;
              expect(Math.sign(a.compare(i, b, j))).toBe(expected);
            }),
          );
        },
      ),
    );
  });

  it('refuses a copy with names missing', () => {
    const writer = new PackedNamesWriter(2, 10);
    PackedNames.of(['alice']).copyTo(writer, 0);
    expect(() => writer.build()).toThrow('1 names written of the 2 expected');
  });
});
