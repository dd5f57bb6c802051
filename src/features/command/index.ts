import type { Access } from '../../platform/access/access';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';
import type { KeysApi } from '../keys';
import type { AuditApi } from '../audit';
import type { CreationApi } from '../creation';
import type { ApprovalsApi } from '../approvals';
import type { RotationApi } from '../rotation';
import type { ReportsApi } from '../reports';
import type { ExposureApi } from '../exposure';
import type { OrganizationApi } from '../organization';
import { keysCommand } from './slack/keys-command';

/** `/keys`: the one slash command, over every slice below it. */
export function install(
  slack: SlackSurfaces,
  context: FeatureContext,
  lower: {
    access: Access;
    keys: KeysApi;
    audit: AuditApi;
    creation: CreationApi;
    approvals: ApprovalsApi;
    rotation: RotationApi;
    reports: ReportsApi;
    exposure: ExposureApi;
    organization: OrganizationApi;
  },
): void {
  slack.app.command(
    '/keys',
    keysCommand({
      ...lower,
      accounts: context.accounts,
      deletionButton: context.config.policy.approvals?.channel !== undefined,
      clock: context.clock,
    }),
  );
}
