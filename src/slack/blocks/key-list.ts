import type { KnownBlock } from '@slack/types';
import type { KeyListing } from '../../keys/key-queries';
import type { KeyWithUse } from '../../keys/types';
import { code, formatAge, formatDate, formatLastUse } from './format';
import { context, divider, escapeMrkdwn, fields, header, section, withinBlockLimit, type Reply } from './primitives';

function keyRow(key: KeyWithUse, now: Date): KnownBlock[] {
  const status = key.status === 'Active' ? ':large_green_circle: Active' : ':white_circle: Inactive';
  return [
    fields(
      `*Key*\n${code(key.keyId)}`,
      `*Status*\n${status}`,
      `*Created*\n${formatDate(key.createdAt)} (${formatAge(key.createdAt, now)})`,
      `*Last used*\n${formatLastUse(key.lastUse, now)}`,
    ),
    divider(),
  ];
}

export function keyListBlocks(listing: KeyListing, now: Date): Reply {
  const owner = escapeMrkdwn(listing.owner);
  if (listing.keys.length === 0) {
    return { text: `${listing.owner} has no access keys.`, blocks: [section(`*${owner}* has no access keys.`)] };
  }
  const count = listing.keys.length === 1 ? '1 access key' : `${listing.keys.length} access keys`;
  const blocks = [
    header(`Access keys of ${listing.owner}`),
    context(`${count} · dates in UTC`),
    ...listing.keys.flatMap((key) => keyRow(key, now)),
  ];
  return { text: `${listing.owner} has ${count}.`, blocks: withinBlockLimit(blocks, 'More keys than fit here.') };
}
