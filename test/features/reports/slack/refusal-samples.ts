import type { ReportsRefusal } from '../../../../src/features/reports/domain/refusals';
import type { RefusalSamples } from '../../../support/refusal-texts';
import { key } from '../../../platform/slack/blocks/kernel-refusal-samples';

export const REPORTS_SAMPLES: RefusalSamples<ReportsRefusal> = {
  'reported-key-gone': { reason: 'reported-key-gone' },
  'reported-key-not-active': { reason: 'reported-key-not-active' },
  'reported-key-no-longer-stale': { reason: 'reported-key-no-longer-stale', lastUsedAt: key.createdAt },
  'owner-not-a-person': { reason: 'owner-not-a-person', owner: 'ci-deploy' },
  'owner-already-nudged': { reason: 'owner-already-nudged', owner: 'bob' },
  'report-account-renamed': {
    reason: 'report-account-renamed',
    account: 'prod',
    accountId: '111111111111',
    nowId: '222222222222',
  },
};
