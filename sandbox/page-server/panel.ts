import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReportPolicy } from '../../src/platform/config';
import type { AuditEvent } from '../../src/kernel/ports/audit-log';
import { auditSentence } from '../../src/features/audit/slack/audit-sentence';
import type { CloudTrailCall } from '../cloudtrail';
import type { IamCall } from '../iam';
import type { FunctionExecution } from '../slack';
import type { StsCall } from '../sts';
import type {
  AccountRef,
  AccountView,
  ApprovalView,
  AssumeRoleView,
  AuditView,
  IamCallView,
  PanelView,
  ReportView,
  WorkflowRunView,
  TrailLookupView,
} from './api';

export interface PanelSources {
  iamCalls(): IamCall[];
  /** The STS stand-in's AssumeRole calls; none where the page has no STS. */
  assumeRoleCalls(): StsCall[];
  /** The CloudTrail stand-in's LookupEvents calls; none where the page has no CloudTrail. */
  trailCalls(): CloudTrailCall[];
  canSimulateLeak: boolean;
  /** The policy's accounts, for naming the account a call ran in. */
  accountNames: readonly AccountRef[];
  accounts(): AccountView[];
  store: { doc: DynamoDBDocumentClient; tableName: string };
  reports: readonly ReportPolicy[];
  canRunReports: boolean;
  /** The Slack stand-in's custom-step runs; none where the page runs no workflows. */
  workflowRuns?: () => FunctionExecution[];
}

const MAX_WORKFLOW_RUNS = 20;

export function workflowRunView(run: FunctionExecution): WorkflowRunView {
  const requester = run.inputs.requester as { id?: unknown } | undefined;
  const outputs =
    run.outputs && Object.fromEntries(Object.entries(run.outputs).map(([k, v]) => [k, String(v)]));
  return {
    executionId: run.executionId,
    step: run.callbackId,
    ...(typeof requester?.id === 'string' ? { requester: requester.id } : {}),
    ...(typeof run.inputs.key_id === 'string' ? { keyId: run.inputs.key_id } : {}),
    state: run.state,
    startedAt: run.startedAt.toISOString(),
    ...(outputs ? { outputs } : {}),
    ...(run.error !== undefined ? { error: run.error } : {}),
  };
}

const MAX_IAM_CALLS = 200;
const MAX_ASSUME_ROLE_CALLS = 50;
const MAX_AUDIT_EVENTS = 100;
const MAX_TRAIL_LOOKUPS = 50;

/** The policy's name for an account id; an account it does not name is shown by its id alone. */
export function accountRef(id: string, accounts: readonly AccountRef[]): AccountRef {
  return { name: accounts.find((account) => account.id === id)?.name ?? id, id };
}

export function iamCallView(call: IamCall, accounts: readonly AccountRef[]): IamCallView {
  return {
    at: call.at.toISOString(),
    action: call.action,
    ...(call.params.UserName !== undefined ? { userName: call.params.UserName } : {}),
    ...(call.params.AccessKeyId !== undefined ? { accessKeyId: call.params.AccessKeyId } : {}),
    status: call.status,
    ...(call.errorCode !== undefined ? { error: call.errorCode } : {}),
    ...(call.accountId !== undefined ? { account: accountRef(call.accountId, accounts) } : {}),
    ...(call.sourceIdentity !== undefined ? { sourceIdentity: call.sourceIdentity } : {}),
    ...(call.roleSessionName !== undefined ? { roleSessionName: call.roleSessionName } : {}),
  };
}

const ROLE_ACCOUNT = /^arn:aws[\w-]*:iam::(\d{12}):role\//;

export function assumeRoleView(call: StsCall, accounts: readonly AccountRef[]): AssumeRoleView {
  const { RoleArn, RoleSessionName, SourceIdentity, ExternalId } = call.params;
  const accountId = RoleArn !== undefined ? ROLE_ACCOUNT.exec(RoleArn)?.[1] : undefined;
  return {
    at: call.at.toISOString(),
    ...(RoleArn !== undefined ? { roleArn: RoleArn } : {}),
    ...(accountId !== undefined ? { account: accountRef(accountId, accounts) } : {}),
    ...(RoleSessionName !== undefined ? { roleSessionName: RoleSessionName } : {}),
    ...(SourceIdentity !== undefined ? { sourceIdentity: SourceIdentity } : {}),
    externalId: ExternalId !== undefined,
    status: call.status,
    ...(call.errorCode !== undefined ? { error: call.errorCode } : {}),
  };
}

export function trailLookupView(call: CloudTrailCall, accounts: readonly AccountRef[]): TrailLookupView {
  return {
    at: call.at.toISOString(),
    region: call.region,
    ...(call.account !== undefined ? { account: accountRef(call.account, accounts) } : {}),
    ...(call.accessKeyId !== undefined ? { accessKeyId: call.accessKeyId } : {}),
    ...(call.events !== undefined ? { events: call.events } : {}),
    nextPage: call.nextPage === true,
    status: call.status,
    ...(call.errorCode !== undefined ? { error: call.errorCode } : {}),
  };
}

type Item = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function approvalView(item: Item): ApprovalView {
  const approvals = Array.isArray(item.approvals) ? (item.approvals as Item[]) : [];
  return {
    id: String(item.id),
    state: String(item.state),
    keyId: String(item.keyId),
    owner: String(item.owner),
    requestedBy: String(item.requestedBy),
    ...(text(item.reason) !== undefined ? { reason: text(item.reason) } : {}),
    createdAt: String(item.createdAt),
    expiresAt: String(item.expiresAt),
    approvals: approvals.map((approval) => String(approval.by)),
    required: Number(item.required),
    ...(text(item.outcome) !== undefined ? { outcome: text(item.outcome) } : {}),
  };
}

function auditView(item: Item): AuditView {
  const optional = (name: 'owner' | 'keyId' | 'requestId' | 'detail') =>
    text(item[name]) !== undefined ? { [name]: text(item[name]) } : {};
  const view: AuditView = {
    at: String(item.at),
    actor: String(item.actor),
    action: String(item.action),
    outcome: String(item.outcome),
    ...optional('owner'),
    ...optional('keyId'),
    ...optional('requestId'),
    ...optional('detail'),
  };
  return { ...view, sentence: auditSentence(auditEventOf(view, text(item.account))) };
}

/** The stored event as the audit slice reads it, for its own sentence (the page decides nothing by it). */
function auditEventOf(view: AuditView, account: string | undefined): AuditEvent {
  return {
    at: new Date(view.at),
    actor: view.actor as AuditEvent['actor'],
    action: view.action as AuditEvent['action'],
    outcome: view.outcome as AuditEvent['outcome'],
    ...(view.owner ? { owner: view.owner as AuditEvent['owner'] } : {}),
    ...(account ? { account } : {}),
    ...(view.keyId ? { keyId: view.keyId as AuditEvent['keyId'] } : {}),
    ...(view.requestId ? { requestId: view.requestId } : {}),
    ...(view.detail ? { detail: view.detail } : {}),
  };
}

/**
 * A whole-table Scan, fine for a demo's few hundred items and never done by the bot itself: the page reads
 * the bot's own table, so the panel shows what the bot stored, not what the page thinks happened.
 */
async function scanItems(store: PanelSources['store']): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({
        TableName: store.tableName,
        FilterExpression: '#type IN (:approval, :audit)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':approval': 'approval', ':audit': 'audit' },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey as Item | undefined;
  } while (start);
  return items;
}

const newestFirst = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

export async function readPanel(sources: PanelSources): Promise<PanelView> {
  const names = sources.accountNames;
  const iamCalls = sources
    .iamCalls()
    .slice(-MAX_IAM_CALLS)
    .reverse()
    .map((call) => iamCallView(call, names));
  const assumeRoles = sources
    .assumeRoleCalls()
    .slice(-MAX_ASSUME_ROLE_CALLS)
    .reverse()
    .map((call) => assumeRoleView(call, names));
  const trailLookups = sources
    .trailCalls()
    .slice(-MAX_TRAIL_LOOKUPS)
    .reverse()
    .map((call) => trailLookupView(call, names));
  const { canSimulateLeak } = sources;
  const accounts = sources.accounts();
  const workflowRuns = (sources.workflowRuns?.() ?? [])
    .slice(-MAX_WORKFLOW_RUNS)
    .reverse()
    .map(workflowRunView);
  const reports = sources.reports.map((report, index): ReportView => ({
    index,
    channel: report.channel,
    schedule: report.schedule,
    timezone: report.timezone,
    maxAgeDays: report.maxAgeDays,
    maxUnusedDays: report.maxUnusedDays,
    canRunNow: sources.canRunReports,
  }));
  let items: Item[];
  try {
    items = await scanItems(sources.store);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      iamCalls,
      assumeRoles,
      trailLookups,
      canSimulateLeak,
      accounts,
      approvals: [],
      audit: [],
      reports,
      workflowRuns,
      storeError: `The bot's store could not be read: ${reason}`,
    };
  }
  const approvals = items
    .filter((item) => item.type === 'approval')
    .map(approvalView)
    .sort((a, b) => newestFirst(a.createdAt, b.createdAt));
  const audit = items
    .filter((item) => item.type === 'audit')
    .map(auditView)
    .sort((a, b) => newestFirst(a.at, b.at))
    .slice(0, MAX_AUDIT_EVENTS);
  return {
    iamCalls,
    assumeRoles,
    trailLookups,
    canSimulateLeak,
    accounts,
    approvals,
    audit,
    reports,
    workflowRuns,
  };
}
