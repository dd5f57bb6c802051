/**
 * Merges sorted runs: calls `take(run, row)` for every row of every run, in order, the runs' heads
 * kept in a binary heap (`compare(run, row, otherRun, otherRow)`, never 0 between two runs).
 * Written by hand: the npm heaps hold objects, and here a run is a number and its head a cursor.
 */
export function mergeRuns(
  lengths: readonly number[],
  compare: (p: number, i: number, q: number, j: number) => number,
  take: (run: number, row: number) => void,
): void {
  const cursor = new Uint32Array(lengths.length);
  const heap: number[] = [];
  const before = (a: number, b: number) =>
    compare(heap[a]!, cursor[heap[a]!]!, heap[b]!, cursor[heap[b]!]!) < 0;
  // A plain swap: a destructuring one may make an array each time, and a merge swaps millions of times.
  const swap = (a: number, b: number) => {
    const first = heap[a]!;
    heap[a] = heap[b]!;
    heap[b] = first;
  };
  const down = (from: number) => {
    for (let at = from; ;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let least = at;
      if (left < heap.length && before(left, least)) least = left;
      if (right < heap.length && before(right, least)) least = right;
      if (least === at) return;
      swap(at, least);
      at = least;
    }
  };
  lengths.forEach((length, run) => {
    if (length > 0) heap.push(run);
  });
  for (let at = Math.floor(heap.length / 2) - 1; at >= 0; at--) down(at);
  while (heap.length > 0) {
    const run = heap[0]!;
    take(run, cursor[run]!);
    cursor[run]!++;
    if (cursor[run]! >= lengths[run]!) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    down(0);
  }
}
