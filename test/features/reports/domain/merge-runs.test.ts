import fc from 'fast-check';
import { mergeRuns } from '../../../../src/features/reports/domain/merge-runs';

describe('mergeRuns', () => {
  it('takes every row of sorted runs in order, ties by run, as a stable sort of them joined', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 12 }), { maxLength: 7 }),
        (lists) => {
          const runs = lists.map((list) => [...list].sort((a, b) => a - b));
          const taken: Array<[number, number]> = [];
          mergeRuns(
            runs.map((run) => run.length),
            (p, i, q, j) => runs[p]![i]! - runs[q]![j]! || p - q,
            (run, row) => taken.push([run, row]),
          );
          const expected = runs
            .flatMap((run, p) => run.map((value, row): [number, number, number] => [value, p, row]))
            .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2])
            .map(([, p, row]): [number, number] => [p, row]);
          expect(taken).toEqual(expected);
        },
      ),
    );
  });
});
