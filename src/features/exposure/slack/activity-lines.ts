import type { ActivitySummary } from '../domain/key-activity';
import { formatDateTime } from '../../../platform/slack/blocks/format';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';
import { FAILURE_WORDS } from './texts';

/** CloudTrail's summary as lines of mrkdwn: the card's and `/keys activity`'s. IPs and agents are inert text. */
export function activityLines(summary: ActivitySummary): string[] {
  const count = `${summary.atLeast ? 'at least ' : ''}${summary.count}`;
  const lines = [
    `*What the key did* (CloudTrail, last ${summary.days} days, ${summary.regions.map((r) => inlineUserText(r, 32)).join(', ')}): ${count} event${summary.count === 1 ? '' : 's'}`,
  ];
  if (summary.firstSeen && summary.lastSeen) {
    lines.push(
      `First seen ${formatDateTime(summary.firstSeen)}, last seen ${formatDateTime(summary.lastSeen)}`,
    );
  }
  if (summary.topEvents.length > 0) {
    lines.push(
      `Most frequent: ${summary.topEvents.map((e) => `${inlineUserText(e.name, 80)} (${e.count})`).join(', ')}`,
    );
  }
  if (summary.sourceIps.length > 0) {
    lines.push(`Source IPs: ${summary.sourceIps.map((ip) => inlineUserText(ip, 64)).join(', ')}`);
  }
  if (summary.userAgents.length > 0) {
    lines.push(`User agents: ${summary.userAgents.map((agent) => inlineUserText(agent, 120)).join(' · ')}`);
  }
  for (const { region, failure } of summary.failed) {
    lines.push(
      `:warning: CloudTrail in ${inlineUserText(region, 32)}: ${FAILURE_WORDS[failure]}; these counts leave it out.`,
    );
  }
  return lines;
}
