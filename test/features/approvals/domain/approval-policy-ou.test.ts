import { ruleFor, type ApprovalPolicy } from '../../../../src/features/approvals/domain/approval-policy';
import { inReportScope } from '../../../../src/features/reports/domain/report-scope';

const POLICY: ApprovalPolicy = {
  channel: 'C0APPROVALS',
  required: 1,
  expiresAfterHours: 24,
  approvers: ['U0GLOBAL'],
  accounts: { pinned: { required: 3 } },
  ous: {
    'ou-ab12-prod0000': { required: 2, approvers: ['S0PROD'] },
    'ou-ab12-web00000': { approvers: ['S0WEB'] },
  },
};
const UNDER_WEB = ['r-ab12', 'ou-ab12-prod0000', 'ou-ab12-web00000'];

describe('per-OU approval rules', () => {
  it('the most specific OU wins, field by field, and the policy fills the rest', () => {
    expect(ruleFor(POLICY, { name: 'web', ous: UNDER_WEB })).toEqual({
      required: 2,
      approvers: ['S0WEB'],
      ownApprovers: true,
    });
    expect(ruleFor(POLICY, { name: 'api', ous: ['r-ab12', 'ou-ab12-prod0000'] })).toEqual({
      required: 2,
      approvers: ['S0PROD'],
      ownApprovers: true,
    });
    expect(ruleFor(POLICY, { name: 'dev', ous: ['r-ab12', 'ou-ab12-dev00000'] })).toEqual({
      required: 1,
      approvers: ['U0GLOBAL'],
      ownApprovers: false,
    });
  });

  it("an account's own settings are above its OU's", () => {
    expect(ruleFor(POLICY, { name: 'pinned', ous: UNDER_WEB })).toEqual({
      required: 3,
      approvers: ['S0WEB'],
      ownApprovers: true,
    });
  });
});

describe("an OU's reports", () => {
  const reportOus = ['ou-ab12-prod0000', 'ou-ab12-web00000'];

  it('cover the accounts whose most specific OU with reports is theirs', () => {
    const web = { name: 'web', ous: UNDER_WEB };
    const api = { name: 'api', ous: ['r-ab12', 'ou-ab12-prod0000'] };
    expect(inReportScope(web, { ou: 'ou-ab12-web00000', reportOus })).toBe(true);
    expect(inReportScope(web, { ou: 'ou-ab12-prod0000', reportOus })).toBe(false);
    expect(inReportScope(api, { ou: 'ou-ab12-prod0000', reportOus })).toBe(true);
    expect(inReportScope({ name: 'home' }, { ou: 'ou-ab12-prod0000', reportOus })).toBe(false);
    expect(inReportScope({ name: 'home' }, undefined)).toBe(true);
    expect(inReportScope({ name: 'home' }, ['home'])).toBe(true);
  });
});
