/**
 * The page server's JSON API, shared by the server and the page (types only, so the page's bundle
 * takes nothing from Node). Dates travel as ISO strings.
 */

export interface PersonView {
  id: string;
  name: string;
  realName: string;
  /** What the demo policy lets them do, for the "signed in as" switcher. */
  role: string;
}

export interface FileView {
  id: string;
  name: string;
  title?: string;
  /** Same-origin download link served by the page server. */
  url: string;
}

export interface MessageView {
  ts: string;
  channel: string;
  user: string;
  text?: string;
  blocks?: unknown[];
  /** Only its recipient is ever sent an ephemeral message; the flag is for the "Only visible to you" mark. */
  ephemeral: boolean;
  edited: boolean;
  threadTs?: string;
  files: FileView[];
}

export interface ChannelView {
  id: string;
  name: string;
  kind: 'channel' | 'dm';
  messages: MessageView[];
}

/** An AWS account as the policy names it: `dev (123456789012)`. */
export interface AccountRef {
  name: string;
  id: string;
}

/** Said of a call signed with the bot's own long-term key: no role session, so no SourceIdentity. */
export const BOT_OWN_CREDENTIALS = "bot's own credentials";

export interface IamCallView {
  at: string;
  action: string;
  userName?: string;
  accessKeyId?: string;
  /** 0 when the connection was dropped. */
  status: number;
  error?: string;
  /**
   * The account the call acted in (the name is the policy's; just the id for an account the policy
   * does not name); absent only when IAM refused the signing key and so acted nowhere.
   */
  account?: AccountRef;
  /** What CloudTrail records of a role session; both absent for the bot's own credentials. */
  sourceIdentity?: string;
  roleSessionName?: string;
}

/** One STS AssumeRole, refused ones included: how the bot got into a role account, and as whom. */
export interface AssumeRoleView {
  at: string;
  roleArn?: string;
  /** The role's account. */
  account?: AccountRef;
  roleSessionName?: string;
  sourceIdentity?: string;
  /** Whether an ExternalId was sent; its value is the trust policy's business, not the page's. */
  externalId: boolean;
  /** 200 when STS issued credentials; 0 when the connection was dropped. */
  status: number;
  error?: string;
}

/** One CloudTrail LookupEvents: which key's history the bot read, where, and what it got. */
export interface TrailLookupView {
  at: string;
  region: string;
  account?: AccountRef;
  accessKeyId?: string;
  /** Events answered; absent for a failed call. */
  events?: number;
  /** A further page of the same lookup. */
  nextPage: boolean;
  /** 0 when the connection was dropped. */
  status: number;
  error?: string;
}

export interface AccountKeyView {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  createdAt: string;
  lastUsed?: { at: string; service: string; region: string };
}

export interface AccountUserView {
  userName: string;
  /** Under the /service/ path: a system's user, not a person's. */
  service: boolean;
  keys: AccountKeyView[];
}

/** One account's IAM users and their keys, as the IAM stand-in holds them now; never a secret. */
export interface AccountView extends AccountRef {
  /** Absent for the bot's own account. */
  roleArn?: string;
  users: AccountUserView[];
}

export interface ApprovalView {
  id: string;
  state: string;
  keyId: string;
  owner: string;
  requestedBy: string;
  reason?: string;
  createdAt: string;
  expiresAt: string;
  approvals: string[];
  required: number;
  outcome?: string;
}

export interface AuditView {
  at: string;
  actor: string;
  action: string;
  outcome: string;
  owner?: string;
  keyId?: string;
  requestId?: string;
  detail?: string;
  /** The event as `/keys audit` says it in Slack (mrkdwn, auditSentence); the codes above stay for a title. */
  sentence?: string;
}

export interface ReportView {
  index: number;
  channel: string;
  schedule: string;
  timezone: string;
  maxAgeDays: number;
  maxUnusedDays: number;
  /** False until the sandbox is given a way to run reports now; the button says so instead of pretending. */
  canRunNow: boolean;
}

export interface PanelView {
  iamCalls: IamCallView[];
  assumeRoles: AssumeRoleView[];
  /** CloudTrail LookupEvents calls, newest first; none where the page has no CloudTrail. */
  trailLookups: TrailLookupView[];
  /** Whether the panel can simulate a leak (the sandbox wired an exposure queue). */
  canSimulateLeak: boolean;
  accounts: AccountView[];
  approvals: ApprovalView[];
  audit: AuditView[];
  reports: ReportView[];
  /** Workflow Builder runs of Keywarden's steps, newest first, as Slack's side (the stand-in) holds them. */
  workflowRuns: WorkflowRunView[];
  /** Set when the bot's store could not be read; the rest of the panel is still shown. */
  storeError?: string;
  /** approvals.stepUp in the sandbox: the local identity provider and how to sign in there. */
  stepUp?: StepUpView;
}

/** The sandbox's identity provider: demo sign-in for every person (their email, this password and code). */
export interface StepUpView {
  issuer: string;
  password: string;
  oneTimeCode: string;
}

/** One run of a custom step: running until the bot completes it (outputs) or fails it (error). */
export interface WorkflowRunView {
  executionId: string;
  step: string;
  requester?: string;
  keyId?: string;
  state: 'running' | 'completed' | 'failed';
  startedAt: string;
  outputs?: Record<string, string>;
  error?: string;
}

/** The panel's workflow "request deletion of this key", run as the person the page is signed in as. */
export interface RunWorkflowRequest {
  as: string;
  keyId: string;
  /** The workflow's form field: the sandbox's policy wants a ticket (INC-101 ...), as /keys delete does. */
  reason: string;
}

/** A Home tab or a modal as the viewer sees it; never another person's. */
export interface SlackViewView {
  id: string;
  /** Changes with every publish or update, so the page redraws only then. */
  hash: string;
  callbackId: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
}

export interface StateView {
  viewer: PersonView;
  people: PersonView[];
  bot: { id: string; name: string };
  channels: ChannelView[];
  panel: PanelView;
  /** The viewer's Home tab as last published; absent until the bot publishes one. */
  home?: SlackViewView;
  /** The modal on top of the viewer's stack, unless they cancelled it on the page. */
  modal?: SlackViewView;
}

/** What /api/events sends: a nudge to fetch the state again, with enough to show activity. */
export type LiveEvent =
  | { type: 'message'; kind: 'posted' | 'updated' | 'deleted'; channel: string; ts: string }
  | { type: 'iam'; call: IamCallView }
  | { type: 'sts'; call: AssumeRoleView }
  | { type: 'cloudtrail'; call: TrailLookupView }
  | { type: 'panel' }
  /** Someone's Home tab was published or their modal stack changed. */
  | { type: 'view' };

export interface CommandRequest {
  as: string;
  channel: string;
  /** The whole line as typed, e.g. "/keys list". */
  text: string;
}

export interface ClickRequest {
  as: string;
  channel: string;
  messageTs: string;
  actionId: string;
  value: string;
  blockId?: string;
  /** Set by the server when the click picked an overflow menu's option: Slack's payload differs. */
  overflow?: boolean;
}

/** Opening the Home tab: Slack sends app_home_opened. */
export interface HomeOpenRequest {
  as: string;
}

/** A button on the viewer's Home tab or on their top modal. */
export interface ViewClickRequest {
  as: string;
  viewId: string;
  actionId: string;
  value: string;
  blockId?: string;
}

export interface ViewSubmitRequest {
  as: string;
  viewId: string;
  /** What the person typed, by block_id and action_id; the server adds each element's type. */
  values: Record<string, Record<string, string>>;
}

/** Cancel: the stand-in keeps the stack (the bot asked for no view_closed), so the page stops showing it. */
export interface ViewCloseRequest {
  as: string;
  viewId: string;
}

export interface ApiAnswer {
  ok: boolean;
  error?: string;
  /** A submission the bot refused (`response_action: errors`): the message for each input block. */
  errors?: Record<string, string>;
  /** What a report run came to, in the bot's words (e.g. "posted"). */
  result?: string;
}

export const API_PATHS = {
  state: '/api/state',
  events: '/api/events',
  command: '/api/command',
  click: '/api/click',
  runReport: (index: number) => `/api/reports/${index}/run`,
  useKey: '/api/keys/use',
  runWorkflow: '/api/workflows/request-deletion',
  simulateLeak: '/api/exposure/leak',
  openHome: '/api/home/open',
  viewClick: '/api/views/click',
  viewSubmit: '/api/views/submit',
  viewClose: '/api/views/close',
} as const;

/** Simulated traffic: marks a key as used now, as if a system had called AWS with it. */
export interface UseKeyRequest {
  keyId: string;
}

/** Simulated exposure: AWS Health reports this key found in public (it arrives on the exposure queue). */
export interface SimulateLeakRequest {
  keyId: string;
}

/** Shown when the message box holds something other than a /keys command. */
export const ONLY_KEYS_HINT = 'Only /keys commands reach the bot here: try /keys help.';
