import type { KnownBlock } from '@slack/types';
import type { ReportStatus } from '../domain/home-state';
import type { HandledSinceData } from '../domain/ports/report-runs';
import type { Outcome } from '../domain/refusals';
import { accountText, formatDateTime } from '../../../platform/slack/blocks/format';
import { button, context, divider, header, section } from '../../../platform/slack/blocks/primitives';
import { refusalText } from '../../../platform/slack/blocks/refusal-texts';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';
import { scheduleInWords } from '../../../platform/slack/blocks/schedule-words';
import { HOME_RUN_REPORT_ACTION } from './home-actions';
import { moreRequestsText, NO_REPORTS, REPORT_NEVER_RAN, REPORTS_HEADER } from './home-texts';

const MAX_REPORTS = 5;

/** " · since the data: 1 deleted, 1 inactive, 1 deletion requested", for the keys the report showed. */
function handledText(handled: HandledSinceData | undefined): string {
  if (!handled) return '';
  const parts = [
    handled.deleted > 0 ? `${handled.deleted} deleted` : '',
    handled.inactive > 0 ? `${handled.inactive} inactive` : '',
    handled.deletionRequested > 0 ? `${handled.deletionRequested} deletion requested` : '',
  ].filter(Boolean);
  return parts.length > 0 ? ` · since the data: ${parts.join(', ')}` : '';
}

function unreachableLines(accounts: NonNullable<ReportStatus['last']>['accounts']): string[] {
  const unreachable = accounts.filter((account) => account.failure);
  if (unreachable.length === 0) return [];
  return [
    `:warning: ${unreachable.length} of ${accounts.length} accounts could not be reached:`,
    ...unreachable.map(
      (account) => `• ${accountText(account)}: not scanned (${inlineUserText(account.failure ?? '', 200)})`,
    ),
  ];
}

function reportRow(status: ReportStatus): KnownBlock {
  const title = `*<#${status.channel}>* · ${scheduleInWords(status.schedule, status.timezone)}`;
  const last = status.last;
  const body = last
    ? [
        `Last run ${formatDateTime(last.ranAt)} (data from ${formatDateTime(last.generatedAt)}): *${last.staleKeys} stale ${last.staleKeys === 1 ? 'key' : 'keys'}*${handledText(last.handled)}`,
        // The accounts not reached first, counted: a long list of accounts is cut at the section's end.
        ...unreachableLines(last.accounts),
        ...last.accounts
          .filter((account) => !account.failure)
          .map(
            (account) =>
              `• ${accountText(account)}: ${account.staleKeys} stale of ${account.scannedKeys} keys`,
          ),
      ]
    : [REPORT_NEVER_RAN];
  return section(
    [title, ...body].join('\n'),
    button({ text: 'Run now', actionId: HOME_RUN_REPORT_ACTION, value: String(status.index) }),
  );
}

/** The scheduled reports, for admins: each one's last run and a Run now button. */
export function reportsSection(reports: Outcome<ReportStatus[]>): KnownBlock[] {
  const blocks: KnownBlock[] = [divider(), header(REPORTS_HEADER)];
  if (!reports.ok) return [...blocks, section(refusalText(reports.refusal))];
  if (reports.value.length === 0) return [...blocks, section(NO_REPORTS)];
  blocks.push(...reports.value.slice(0, MAX_REPORTS).map(reportRow));
  if (reports.value.length > MAX_REPORTS)
    blocks.push(context(moreRequestsText(reports.value.length - MAX_REPORTS)));
  return blocks;
}
