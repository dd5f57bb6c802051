import type { Incident } from '../domain/incident';
import { sourceLabel } from '../domain/source-label';
import { section, type Reply } from '../../../platform/slack/blocks/primitives';
import { code } from '../../../platform/slack/blocks/format';

/** What the owner of a leaked key is told: what happened, what state the key is in, what to do next. */
export function ownerDmBlocks(incident: Incident): Reply {
  const key = code(incident.keyId);
  const first = incident.sources[0];
  const inactive = incident.containment?.kind === 'inactive';
  const text = [
    `:rotating_light: Your access key ${key} was reported exposed${first ? ` (${sourceLabel(first)})` : ''}.`,
    inactive
      ? 'Keywarden deactivated it: anything still using it now fails. Only an admin can re-activate it.'
      : 'It is still *Active*: an admin of Keywarden is on it.',
    'Next: get a replacement with `/keys create`, move what used the old key to it, and tell the incident channel if the old key was used by something you did not expect.',
    'AWS usually attaches an `AWSCompromisedKeyQuarantine` policy to your IAM user: it restricts the user, so a new key stays restricted until an admin removes that policy.',
  ].join('\n');
  return { text: `Your access key ${incident.keyId} was reported exposed`, blocks: [section(text)] };
}
