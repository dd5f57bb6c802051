import { lineChoice, lineMenu } from '../../../../src/features/reports/slack/report-line-menu';
import {
  parseReportButtonValue,
  reportButtonValue,
  STALE_DEACTIVATE_ACTION,
} from '../../../../src/features/reports/slack/report-button';
import {
  parseSnoozeButtonValue,
  snoozeButtonValue,
} from '../../../../src/features/reports/slack/snooze-button';
import type { ReportedKey } from '../../../../src/features/reports/domain/stale-key-actions';
import type { IamUserName } from '../../../../src/kernel/types';

/** The longest key a line can name: Slack's limits are 150 characters an option value, 2000 a button's. */
const LONGEST: ReportedKey = {
  owner: `${'u'.repeat(63)}.` as IamUserName,
  account: 'a'.repeat(32),
  accountId: '123456789012',
  createdAt: new Date(Date.UTC(2999, 11, 31, 23, 59, 59)),
  reportIndex: -1,
};

describe("a report line's menu carries the account's twelve digits", () => {
  it('within 150 characters an option, read back as the button it stands for, the id kept', () => {
    const menu = lineMenu({ ...LONGEST, reportIndex: 1000 });
    for (const option of menu.options) {
      expect(option.value?.length).toBeLessThanOrEqual(150);
      const choice = lineChoice(option.value ?? '');
      expect(choice && parseReportButtonValue(choice.value)).toEqual({ ...LONGEST, reportIndex: 1000 });
    }
    expect(reportButtonValue(LONGEST).length).toBeLessThanOrEqual(300);
    const snooze = snoozeButtonValue(LONGEST, 'AKIAIOSFODNN7EXAMPLE');
    expect(snooze.length).toBeLessThanOrEqual(2000);
    expect(parseSnoozeButtonValue(snooze)?.key).toEqual(LONGEST);
  });

  it('still reads the options of menus posted before the id was carried, and nothing else', () => {
    const created = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(lineChoice(`d|0|prod|${created}|bob`)).toEqual({
      actionId: STALE_DEACTIVATE_ACTION,
      value: reportButtonValue({
        owner: 'bob' as IamUserName,
        account: 'prod',
        createdAt: new Date(created),
        reportIndex: 0,
      }),
    });
    expect(parseReportButtonValue(lineChoice(`d|0|prod||${created}|bob`)?.value)).not.toHaveProperty(
      'accountId',
    );
    expect(lineChoice(`d|0|prod|12345678901|${created}|bob`)).toBeUndefined();
    expect(
      parseReportButtonValue(
        JSON.stringify({ u: 'bob', i: '1234', c: new Date(created).toISOString(), r: 0 }),
      ),
    ).toBeUndefined();
  });
});
