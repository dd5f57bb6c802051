import type { KnownBlock, SectionBlock } from '@slack/types';
import type { StaleKey } from '../domain/classify';
import { isSettled, type LineMark, type MarkedBy } from '../domain/line-marks';
import { isSnoozed } from '../domain/snooze';
import type { StaleReport } from '../domain/stale-report';
import type { Account } from '../../../kernel/accounts';
import {
  accountText,
  code,
  formatAge,
  formatDate,
  formatDateTime,
  formatLastUse,
} from '../../../platform/slack/blocks/format';
import { LIMITS, truncate } from '../../../platform/slack/blocks/primitives';
import { lineMenu } from './report-line-menu';
import { findingText, snoozeText } from './stale-texts';

const who = (by: MarkedBy) => (by === 'system' ? 'Keywarden' : `<@${by}>`);

/**
 * What became of a line's key since the data was generated, in the words the channel reads: "Deleted
 * 2026-12-07 23:37 UTC by @april". Without a name the change was not Keywarden's (or its trail could
 * not be read): IAM says it all the same.
 */
export function lineMarkText(mark: LineMark): string {
  switch (mark.kind) {
    case 'deleted':
      return mark.by && mark.at
        ? `:wastebasket: Deleted ${formatDateTime(mark.at)} by ${who(mark.by)}`
        : ':wastebasket: Deleted since the data was generated';
    case 'inactive':
      return mark.by && mark.at
        ? `:white_circle: Inactive since ${formatDateTime(mark.at)} (by ${who(mark.by)})`
        : ':white_circle: Inactive since the data was generated';
    case 'deletion-requested':
      return `:hourglass_flowing_sand: Deletion requested by ${who(mark.by)} at ${formatDateTime(mark.at)}`;
  }
}

/** "`AKIA…` of <@U0BOB> (`bob`)": the key first, then whose it is, a mention where a person owns it. */
function keyAndOwner(key: StaleKey, report: StaleReport): string {
  const which = key.keyId ? code(key.keyId) : `access key ${key.slot ?? '?'}`;
  const person = report.owners?.get(key.owner.toLowerCase());
  return `*${which}* of ${person ? `<@${person}> (${code(key.owner)})` : code(key.owner)}`;
}

function lineText(key: StaleKey, report: StaleReport, now: Date, mark: LineMark | undefined): string {
  const reasons = key.reasons.map((reason) => findingText(reason, report.thresholds)).join(' · ');
  const snoozed = isSnoozed(key.snooze, now) ? `\n${snoozeText(key.snooze)}` : '';
  const marked = mark ? `\n${lineMarkText(mark)}` : '';
  return (
    `${keyAndOwner(key, report)} · created ${formatDate(key.createdAt)} (${formatAge(key.createdAt, now)})\n` +
    `Last used: ${formatLastUse(key.lastUse, now)}\n_${reasons}_${snoozed}${marked}`
  );
}

/** One line: its text, and its menu unless its key is gone or inactive (nothing left to act on). */
function line(key: StaleKey, row: number, report: StaleReport, now: Date, reportIndex: number): SectionBlock {
  const mark = report.marks?.get(row);
  const block: SectionBlock = {
    type: 'section',
    block_id: `stale:${row}`,
    text: { type: 'mrkdwn', text: truncate(lineText(key, report, now, mark), LIMITS.sectionText) },
  };
  if (isSettled(mark)) return block;
  const { owner, account, createdAt, keyId } = key;
  const accountId = scannedAccountOf(report, account)?.id;
  block.accessory = lineMenu({
    owner,
    ...(account ? { account } : {}),
    // The twelve digits the data came from: a click refuses if the name has come to mean another.
    ...(accountId ? { accountId } : {}),
    createdAt,
    reportIndex,
    ...(keyId ? { keyId } : {}),
  });
  return block;
}

/** The account a key's data came from, as the report scanned it (a key without one: the first's). */
function scannedAccountOf(report: StaleReport, name: string | undefined): Account | undefined {
  return report.accounts.find(
    (candidate) => candidate.account.name === (name ?? report.accounts[0]?.account.name),
  )?.account;
}

function accountHeading(report: StaleReport, name: string | undefined): SectionBlock {
  const scanned = scannedAccountOf(report, name);
  const label = scanned ? accountText(scanned) : (name ?? 'default');
  return { type: 'section', text: { type: 'mrkdwn', text: `*:cloud: ${label}*` } };
}

/**
 * The rows shown, worst first within each account, the accounts in policy order, with a heading for
 * each when the report covers more than one. `rows` are the report's first rows: their indexes are
 * their block ids, which a click names.
 */
export function reportLines(
  rows: readonly StaleKey[],
  report: StaleReport,
  now: Date,
  reportIndex: number,
): KnownBlock[] {
  const order = report.accounts.map((section) => section.account.name);
  const accountOf = (key: StaleKey) => key.account ?? order[0];
  const grouped = new Map<string | undefined, number[]>();
  for (const name of order) grouped.set(name, []);
  rows.forEach((key, row) => {
    const name = accountOf(key);
    const group = grouped.get(name) ?? [];
    group.push(row);
    grouped.set(name, group);
  });
  const headed = report.accounts.length > 1;
  const blocks: KnownBlock[] = [];
  for (const [name, group] of grouped) {
    if (group.length === 0) continue;
    if (headed) blocks.push(accountHeading(report, name));
    for (const row of group) {
      const key = rows[row];
      if (key) blocks.push(line(key, row, report, now, reportIndex));
    }
  }
  return blocks;
}
