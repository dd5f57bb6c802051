import type { AccountSection, StaleReport } from '../domain/stale-report';
import { accountText } from '../../../platform/slack/blocks/format';
import { LIMITS } from '../../../platform/slack/blocks/primitives';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';

/** A reason as the list shows it: the log has it whole. */
const REASON_SHOWN = 200;
/** Room kept in the section for the "…and N more" line. */
const MORE_ROOM = 80;

const accounts = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'account' : 'accounts'}`;

export function unreachableAccounts(report: StaleReport): AccountSection[] {
  return report.accounts.filter((section) => section.failure !== undefined);
}

/** "3 of 500 accounts could not be reached; their keys are not in this report" */
export function unreachableTitle(unreachable: number, total: number): string {
  return `${unreachable.toLocaleString('en-US')} of ${accounts(total)} could not be reached; their keys are not in this report`;
}

/**
 * The accounts a report could not reach, each with why (the role refused, STS or IAM throttling
 * past the retries, the credential report not ready in time), apart from the findings and before
 * them: a report must never look complete while an account was left out. As many as one section
 * holds whole, the rest counted.
 */
export function unreachableSection(report: StaleReport): string | undefined {
  const unreachable = unreachableAccounts(report);
  if (unreachable.length === 0) return undefined;
  const title = `:warning: *${unreachableTitle(unreachable.length, report.accounts.length)}*`;
  const lines: string[] = [];
  let length = title.length;
  for (const section of unreachable) {
    const line = `• *${accountText(section.account)}*: ${inlineUserText(section.failure ?? '', REASON_SHOWN)}`;
    if (length + 1 + line.length > LIMITS.sectionText - MORE_ROOM) break;
    lines.push(line);
    length += 1 + line.length;
  }
  const more = unreachable.length - lines.length;
  return [title, ...lines, ...(more > 0 ? [`…and ${accounts(more)} more, in the log`] : [])].join('\n');
}

/** The same, in a sentence for the shared file's comment; undefined when every account was reached. */
export function unreachableSentence(report: StaleReport): string | undefined {
  const unreachable = unreachableAccounts(report);
  if (unreachable.length === 0) return undefined;
  const names = unreachable.map((section) => section.account.name);
  const shown = names.slice(0, 20).join(', ');
  const rest = names.length > 20 ? ` and ${names.length - 20} more` : '';
  return `${unreachableTitle(unreachable.length, report.accounts.length)}: ${shown}${rest}.`;
}
