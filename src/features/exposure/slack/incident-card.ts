import type { KnownBlock } from '@slack/types';
import { accountRefLabel } from '../../../kernel/account-ref';
import type { Incident } from '../domain/incident';
import { sourceLabel } from '../domain/source-label';
import {
  actions,
  button,
  context,
  divider,
  header,
  section,
  type Reply,
} from '../../../platform/slack/blocks/primitives';
import { code, formatDateTime, formatLastUse } from '../../../platform/slack/blocks/format';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';
import { INCIDENT_DELETE_ACTION, INCIDENT_REACTIVATE_ACTION, INCIDENT_REFRESH_ACTION } from './action-ids';
import { activityLines } from './activity-lines';
import { FAILURE_WORDS, NOT_MANAGED_TEXT, QUARANTINE_WARNING, STILL_ACTIVE_TEXT } from './texts';

const list = (names: string[]) => (names.length > 0 ? names.map((name) => code(name)).join(', ') : '_none_');

function containmentLine(incident: Incident): string {
  const { containment, finding } = incident;
  if (finding?.kind === 'not-managed') return NOT_MANAGED_TEXT(finding.accountId);
  if (!containment) return 'Containing…';
  if (containment.kind === 'inactive') {
    const since = `*Inactive* since ${formatDateTime(containment.at)}`;
    return `${since}${containment.alreadyInactive ? ' (it already was)' : ''}, held: only an admin may re-activate it.`;
  }
  if (containment.why === 'policy')
    return 'Not deactivated: the policy says `exposure.deactivate: false`. The key is still *Active*.';
  if (containment.why === 'not-found')
    return 'Nothing was changed: the key was not found in a managed account.';
  return `Deactivation failed (${inlineUserText(containment.detail ?? 'IAM error', 60)}). ${STILL_ACTIVE_TEXT}`;
}

function findingLines(incident: Incident, now: Date): string[] {
  const { finding } = incident;
  if (!finding) return ['Looking for the key…'];
  if (finding.kind === 'not-managed') return [];
  if (finding.kind === 'no-such-key')
    return ['No managed account holds this key: it may be deleted already.'];
  if (finding.kind === 'unresolved')
    return [`IAM could not tell where the key is (${inlineUserText(finding.why, 60)}).`];
  return [
    `*IAM user* ${code(finding.owner)} · *Owner* ${finding.ownerSlack ? `<@${finding.ownerSlack}>` : '_no mapped owner_'}`,
    `*Last used* ${formatLastUse(finding.lastUse, now)}`,
  ];
}

function permissionLines(incident: Incident): string[] {
  const { permissions, finding } = incident;
  if (finding?.kind !== 'found') return [];
  if (!permissions) return ['*What the user can do*: reading…'];
  if ('failure' in permissions) return [`*What the user can do*: IAM ${FAILURE_WORDS[permissions.failure]}.`];
  const lines = [
    `*Managed policies* ${list(permissions.managedPolicies)}`,
    `*Inline policies* ${list(permissions.inlinePolicies)} · *Groups* ${list(permissions.groups)}`,
  ];
  if (permissions.quarantined) lines.push(`:lock: ${QUARANTINE_WARNING}`);
  return lines;
}

function activityBlock(incident: Incident): string[] {
  const { activity, finding } = incident;
  if (finding?.kind !== 'found') return [];
  if (!activity) return ['*What the key did*: reading CloudTrail…'];
  if ('failure' in activity) return [`*What the key did*: CloudTrail ${FAILURE_WORDS[activity.failure]}.`];
  return activityLines(activity);
}

/** The incident card in `exposure.channel`, rebuilt whole at each change and updated in place. */
export function incidentCardBlocks(incident: Incident, now: Date): Reply {
  const [first, ...others] = incident.sources;
  const key = code(incident.keyId);
  const account = incident.account || incident.accountId ? accountRefLabel(incident) : undefined;
  const reported = first
    ? `*Reported by* ${sourceLabel(first)} at ${formatDateTime(first.at)}`
    : '*Reported*';
  const lines: string[] = [
    `*Key* ${key}${account ? ` · *Account* ${inlineUserText(account)}` : ''}`,
    reported,
  ];
  if (others.length > 0) lines.push(`Also reported by ${others.map(sourceLabel).join('; ')}`);
  const url = incident.sources.find((source) => source.url)?.url;
  if (url) lines.push(`*Leaked at* <${url.replace(/[<>|]/g, '')}|${inlineUserText(url, 200)}>`);
  const notes = incident.sources.flatMap((source) => (source.note ? [inlineUserText(source.note, 200)] : []));
  if (notes.length > 0) lines.push(`*Notes* ${notes.join('; ')}`);
  const blocks: KnownBlock[] = [
    header(`Leaked access key ${incident.keyId}`),
    section(lines.join('\n')),
    section(`*Containment* ${containmentLine(incident)}`),
  ];
  const found = [...findingLines(incident, now), ...permissionLines(incident)];
  if (found.length > 0) blocks.push(section(found.join('\n')));
  const activity = activityBlock(incident);
  if (activity.length > 0) blocks.push(section(activity.join('\n')));
  if (incident.reactivated) {
    const { by, why, at, stepUp } = incident.reactivated;
    // (MFA): the admin signed in again at the identity provider first (approvals.stepUp.for).
    const mfa = stepUp ? ' (MFA)' : '';
    blocks.push(
      section(`:unlock: *Re-activated* by <@${by}>${mfa} at ${formatDateTime(at)}: ${inlineUserText(why)}`),
    );
  }
  if (incident.finding?.kind === 'found') {
    blocks.push(
      divider(),
      actions([
        button({
          text: 'Request deletion',
          actionId: INCIDENT_DELETE_ACTION,
          value: incident.keyId,
          style: 'danger',
        }),
        button({ text: 'Re-activate…', actionId: INCIDENT_REACTIVATE_ACTION, value: incident.keyId }),
        button({ text: 'Refresh activity', actionId: INCIDENT_REFRESH_ACTION, value: incident.keyId }),
      ]),
    );
  }
  blocks.push(
    context(`Incident opened ${formatDateTime(incident.openedAt)} · updated ${formatDateTime(now)}`),
  );
  const status =
    incident.containment?.kind === 'inactive'
      ? 'now Inactive'
      : incident.finding?.kind === 'not-managed'
        ? 'account not managed'
        : 'not contained';
  return { text: `Leaked access key ${incident.keyId} (${status})`, blocks };
}
