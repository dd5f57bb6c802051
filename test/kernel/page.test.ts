import {
  asPagePosition,
  keeping,
  readPage,
  type PagePosition,
  type Positioned,
  type SliceReader,
} from '../../src/kernel/page';

/** A list of n numbers in order, positioned as a store would position them. */
function list(n: number, reads: { count: number } = { count: 0 }): SliceReader<number> {
  const items: Positioned<number>[] = Array.from({ length: n }, (_, i) => ({
    item: i,
    position: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z#id${i}` as PagePosition,
  }));
  return async (order, from, limit) => {
    reads.count++;
    const ordered = order === 'forward' ? items : [...items].reverse();
    const start = from === undefined ? 0 : ordered.findIndex((p) => p.position === from) + 1;
    return ordered.slice(start, start + limit);
  };
}

describe('readPage', () => {
  it('goes forward page by page and back again, with links only where there is a page', async () => {
    const read = list(12);
    const first = await readPage(read, undefined, 5);
    expect(first.items).toEqual([0, 1, 2, 3, 4]);
    expect(first.previous).toBeUndefined();
    const second = await readPage(read, { after: first.next as PagePosition }, 5);
    expect(second.items).toEqual([5, 6, 7, 8, 9]);
    const third = await readPage(read, { after: second.next as PagePosition }, 5);
    expect(third.items).toEqual([10, 11]);
    expect(third.next).toBeUndefined();
    const back = await readPage(read, { before: third.previous as PagePosition }, 5);
    expect(back.items).toEqual([5, 6, 7, 8, 9]);
    const start = await readPage(read, { before: back.previous as PagePosition }, 5);
    expect(start).toEqual(first);
  });

  it('a list of exactly one page has no links', async () => {
    expect(await readPage(list(5), undefined, 5)).toEqual({ items: [0, 1, 2, 3, 4] });
  });

  it('a Previous with less than a page before it shows the first page', async () => {
    const read = list(12);
    const third = `2026-01-01T00:00:03.000Z#id3` as PagePosition;
    expect((await readPage(read, { before: third }, 5)).items).toEqual([0, 1, 2, 3, 4]);
  });

  it('a Next after the end shows the first page rather than nothing', async () => {
    const read = list(3);
    const last = `2026-01-01T00:00:02.000Z#id2` as PagePosition;
    expect((await readPage(read, { after: last }, 5)).items).toEqual([0, 1, 2]);
  });
});

describe('keeping', () => {
  it('reads on past items it leaves out, so a filtered page is full', async () => {
    const reads = { count: 0 };
    const evens = keeping(list(40, reads), (n) => n % 4 === 0);
    const page = await readPage(evens, undefined, 3);
    expect(page.items).toEqual([0, 4, 8]);
    expect(page.next).toBeDefined();
    expect(reads.count).toBeGreaterThan(1);
    expect((await readPage(evens, { after: page.next as PagePosition }, 3)).items).toEqual([12, 16, 20]);
  });
});

describe('asPagePosition', () => {
  it.each([
    ['2026-11-23T10:00:00.000Z#6f1d2c3b-4a59-4877-9c1e-0123456789ab', true],
    ['2026-02-31T10:00:00.000Z#abc', false],
    ['2026-11-23T10:00:00Z#abc', false],
    ['2026-11-23T10:00:00.000Z#', false],
    ['2026-11-23T10:00:00.000Z#a"b', false],
    ['REQ#abc', false],
  ])('%s: %s', (text, valid) => {
    expect(asPagePosition(text) !== undefined).toBe(valid);
  });
});
