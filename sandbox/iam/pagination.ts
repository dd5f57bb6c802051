import { validation } from './errors';

export interface Page<T> {
  items: T[];
  isTruncated: boolean;
  /** Present only when truncated, as IAM sends it. */
  marker?: string;
}

const PREFIX = 'kw1:';

/**
 * One page of `items`, which must already be sorted by `sortKey` in string order. The marker names the
 * last item returned rather than an offset, so a key deleted between pages does not make the next page
 * skip one, and it is opaque, as IAM's markers are.
 */
export function paginate<T>(
  items: readonly T[],
  sortKey: (item: T) => string,
  maxItems: number,
  marker: string | undefined,
): Page<T> {
  let start = 0;
  if (marker !== undefined) {
    const after = decodeMarker(marker);
    start = items.findIndex((item) => sortKey(item) > after);
    if (start === -1) start = items.length;
  }
  const page = items.slice(start, start + maxItems);
  const last = page[page.length - 1];
  const isTruncated = start + maxItems < items.length && last !== undefined;
  return isTruncated
    ? { items: page, isTruncated, marker: encodeMarker(sortKey(last)) }
    : { items: page, isTruncated };
}

function encodeMarker(sortKey: string): string {
  return Buffer.from(PREFIX + sortKey, 'utf8').toString('base64url');
}

function decodeMarker(marker: string): string {
  const decoded = Buffer.from(marker, 'base64url').toString('utf8');
  if (!decoded.startsWith(PREFIX)) throw validation('Invalid Marker.');
  return decoded.slice(PREFIX.length);
}
