import type { ActivitySummary } from '../domain/key-activity';
import { code } from '../../../platform/slack/blocks/format';
import { header, section, type Reply } from '../../../platform/slack/blocks/primitives';
import { activityLines } from './activity-lines';

/** `/keys activity KEY_ID [DAYS]`: the CloudTrail summary, to the admin alone. */
export function activityReply(summary: ActivitySummary & { keyId: string }): Reply {
  const lines = activityLines(summary);
  return {
    text: `CloudTrail activity of ${summary.keyId}: ${summary.atLeast ? 'at least ' : ''}${summary.count} events`,
    blocks: [header(`Activity of ${summary.keyId}`), section(`${code(summary.keyId)}\n${lines.join('\n')}`)],
  };
}
