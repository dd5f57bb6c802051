import { ApprovalService } from './domain/approval-service';
import { MessageLinks } from '../../platform/slack/message-links';
import { SlackApprovalNotifier } from './slack/slack-approval-notifier';
import { DynamoApprovalStore } from './store/dynamo-approval-store';
import type { FeatureContext } from '../../platform/feature-context';

/** Two-person deletion: the service, its store and its Slack messages. */
export function createApprovalsFeature(context: FeatureContext): ApprovalService {
  const { config, store, client, clock } = context;
  return new ApprovalService({
    accounts: context.accounts,
    store: new DynamoApprovalStore(store.doc, store.tableName, (error) =>
      context.log.error({ err: error }, 'an approval item in the table is not one Keywarden wrote; skipped'),
    ),
    notifier: new SlackApprovalNotifier(
      client,
      config.policy.approvals?.channel ?? '',
      clock,
      new MessageLinks(client, context.log),
    ),
    audit: context.audit,
    clock,
    log: context.log,
    people: context.people,
    policy: config.policy.approvals && {
      ...config.policy.approvals,
      approvers: config.policy.roles.approvers,
      accounts: Object.fromEntries(
        config.policy.accounts.flatMap((account) =>
          account.approvals ? [[account.name, account.approvals]] : [],
        ),
      ),
    },
  });
}
