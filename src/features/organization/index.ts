import type { Actor } from '../../kernel/authorization';
import type { OrganizationDirectory, RefreshResult } from '../../kernel/ports/organization';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';
import type { SdkIamAccounts } from '../../platform/aws/iam-accounts';
import type { IamClientOptions } from '../../platform/aws/iam-client';
import { createOrganizationsClient } from '../../platform/aws/organization/organizations-client';
import { OrganizationDiscovery } from '../../platform/aws/organization/organization-discovery';
import { SdkOrganizationReader } from '../../platform/aws/organization/organization-reader';
import { awsCallCounting } from '../../platform/metrics/aws-call-metrics';
import type { Metrics } from '../../platform/metrics/metrics';
import { plainReply, type Reply } from '../../platform/slack/blocks/primitives';
import { outcomeReply } from '../../platform/slack/blocks/outcome-reply';
import type { HomeApi } from '../home';
import { OrganizationService } from './domain';
import { lastReportedFrom } from './domain/last-reported';
import {
  accountsBlocks,
  ACCOUNTS_NEXT_ACTION,
  ACCOUNTS_PREVIOUS_ACTION,
  refreshText,
} from './slack/accounts-reply';
import { accountsPageButton } from './slack/accounts-page-button';

export interface OrganizationApi {
  /** `/keys accounts`: the first page, for admins. */
  accounts(actor: Actor): Promise<Reply>;
  /** `/keys accounts refresh`: the organization listed now, for admins. */
  refresh(actor: Actor): Promise<Reply>;
  /** The first listing, before the app says it is ready; a failure leaves the listed accounts. */
  start(): Promise<void>;
}

export interface OrganizationOptions {
  /** The bot's own credentials and STS (managementRoleArn is assumed with them). */
  credentials?: IamClientOptions['credentials'];
  stsEndpoint?: string;
  /** Organizations' endpoint; unset, AWS_ENDPOINT_URL_ORGANIZATIONS or AWS's. */
  endpoint?: string;
  metrics?: Metrics;
}

/** Without an organization: block, the managed accounts are the policy's list, and nothing is listed. */
function listedOnly(accounts: SdkIamAccounts): OrganizationDirectory {
  return {
    managed: () =>
      accounts.all().map((account) => {
        const reach = accounts.reachability(account);
        return { account, path: [], ...(reach ? { reach } : {}) };
      }),
    dropped: () => [],
    lastGood: () => undefined,
    lastFailure: () => undefined,
    refresh: async (): Promise<RefreshResult> => ({ ok: false, at: new Date(), why: 'no organization' }),
  };
}

/**
 * Discovery (issue 22): with `organization:`, the organization is listed at start and every
 * refreshMinutes, and its ACTIVE accounts are managed; `/keys accounts` shows them to admins.
 */
export function install(
  slack: SlackSurfaces,
  context: FeatureContext,
  lower: { home: HomeApi },
  options: OrganizationOptions = {},
): OrganizationApi {
  const { config, accounts, clock, log } = context;
  const settings = config.policy.organization;
  const directory = settings
    ? new OrganizationDiscovery({
        reader: new SdkOrganizationReader(
          createOrganizationsClient({
            ...(options.endpoint ? { endpoint: options.endpoint } : {}),
            ...(options.credentials ? { credentials: options.credentials as never } : {}),
            ...(settings.managementRoleArn ? { managementRoleArn: settings.managementRoleArn } : {}),
            ...(options.stsEndpoint ? { stsEndpoint: options.stsEndpoint } : {}),
            ...(options.metrics ? { plugins: [awsCallCounting(options.metrics)] } : {}),
          }),
        ),
        accounts,
        listed: config.policy.accounts,
        organization: settings,
        clock,
        log: log.child({ component: 'organization' }),
      })
    : listedOnly(accounts);
  const service = new OrganizationService({
    directory,
    discovers: settings !== undefined,
    lastReported: lastReportedFrom(lower.home),
    audit: context.audit,
    clock,
    log,
  });
  slack.buttons.on(ACCOUNTS_NEXT_ACTION, accountsPageButton('next', service));
  slack.buttons.on(ACCOUNTS_PREVIOUS_ACTION, accountsPageButton('previous', service));
  if (settings) {
    context.scheduler.every('organization-refresh', settings.refreshMinutes * 60_000, () =>
      service.refresh('system'),
    );
  }
  return {
    accounts: async (actor) => outcomeReply(await service.accounts(actor), accountsBlocks),
    refresh: async (actor) =>
      outcomeReply(await service.refresh(actor), (view) => plainReply(refreshText(view))),
    start: async () => {
      if (settings) await service.refresh('system');
    },
  };
}
