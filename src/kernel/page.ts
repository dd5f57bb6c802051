/**
 * Lists people page through (pending requests, the audit trail). A page is read from the store's own
 * order, after or before an item's position; positions come back from people's clicks, so they are
 * only ever a sort key of the list that was asked for, never a store key the click could aim elsewhere.
 */

/** An item's place in its list: the instant it sorts by and its id, `2026-11-23T10:00:00.000Z#<id>`. */
export type PagePosition = string & { readonly __brand: 'PagePosition' };

const POSITION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)#([0-9A-Za-z-]{1,64})$/;
export const MAX_POSITION_LENGTH = 90;

/** A position, or undefined for anything else (a forged instant like 2026-02-31 included). */
export function asPagePosition(text: string): PagePosition | undefined {
  const match = POSITION.exec(text);
  if (!match?.[1]) return undefined;
  const at = new Date(match[1]);
  return !Number.isNaN(at.getTime()) && at.toISOString() === match[1] ? (text as PagePosition) : undefined;
}

/** The instant a position sorts by. */
export function positionInstant(position: PagePosition): string {
  return position.slice(0, position.indexOf('#'));
}

/** The id part of a position. */
export function positionId(position: PagePosition): string {
  return position.slice(position.indexOf('#') + 1);
}

/** Where the next page starts: just after an item (Next), or just before one (Previous). */
export type PageCursor = { after: PagePosition } | { before: PagePosition };

export interface Page<T> {
  items: T[];
  /** Present when there is a page before this one: read it `before` this position. */
  previous?: PagePosition;
  /** Present when there is a page after this one: read it `after` this position. */
  next?: PagePosition;
}

export interface Positioned<T> {
  item: T;
  position: PagePosition;
}

/**
 * Up to `limit` items strictly after `from` (or from the start), in the list's order (`forward`) or
 * against it (`backward`). Fewer than `limit` only when none remain that way.
 */
export type SliceReader<T> = (
  order: 'forward' | 'backward',
  from: PagePosition | undefined,
  limit: number,
) => Promise<Positioned<T>[]>;

/**
 * One page of `size`. One item more than a page is read to know whether another page follows; a
 * Previous whose page has shrunk (items gone since) falls back to the first page, so nobody sees a
 * short page with more before it.
 */
export async function readPage<T>(
  read: SliceReader<T>,
  cursor: PageCursor | undefined,
  size: number,
): Promise<Page<T>> {
  if (cursor && 'before' in cursor) {
    const earlier = await read('backward', cursor.before, size + 1);
    if (earlier.length < size) return readPage(read, undefined, size);
    const shown = earlier.slice(0, size).reverse();
    return page(shown, {
      previous: earlier.length > size ? shown[0]?.position : undefined,
      next: shown[shown.length - 1]?.position,
    });
  }
  const from = cursor?.after;
  const later = await read('forward', from, size + 1);
  // Everything after it went away since (requests decided): the first page beats an empty one.
  if (from !== undefined && later.length === 0) return readPage(read, undefined, size);
  const shown = later.slice(0, size);
  return page(shown, {
    previous: from !== undefined ? shown[0]?.position : undefined,
    next: later.length > size ? shown[shown.length - 1]?.position : undefined,
  });
}

function page<T>(shown: Positioned<T>[], links: { previous?: PagePosition; next?: PagePosition }): Page<T> {
  return {
    items: shown.map((positioned) => positioned.item),
    ...(links.previous ? { previous: links.previous } : {}),
    ...(links.next ? { next: links.next } : {}),
  };
}

/**
 * Keeps only the items `keep` accepts, reading on from the last item looked at until `limit` are
 * kept or the list ends, so a filter never makes a page look like the last one.
 */
export function keeping<T>(read: SliceReader<T>, keep: (item: T) => boolean): SliceReader<T> {
  return async (order, from, limit) => {
    const kept: Positioned<T>[] = [];
    let at = from;
    for (;;) {
      const slice = await read(order, at, limit);
      kept.push(...slice.filter((positioned) => keep(positioned.item)));
      const last = slice[slice.length - 1];
      if (slice.length < limit || kept.length >= limit || !last) break;
      at = last.position;
    }
    return kept.slice(0, limit);
  };
}
