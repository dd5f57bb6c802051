import type { FunctionExecution } from './functions';
import type { Hold } from '../query-api/holds';

export interface SlackUserSeed {
  id: string;
  name: string;
  realName?: string;
  email?: string;
  isBot?: boolean;
  deleted?: boolean;
  /** A multi-channel guest. */
  isRestricted?: boolean;
  /** A single-channel guest. */
  isUltraRestricted?: boolean;
}

/** One Web API request as the stand-in received it. */
export interface SlackCall {
  method: string;
  /** Form fields (or JSON body), with blocks/attachments/metadata/files/view JSON-decoded; never the token. */
  params: Record<string, unknown>;
  token?: string;
  at: Date;
  ok: boolean;
  error?: string;
}

export interface StoredFile {
  id: string;
  name: string;
  title?: string;
  url: string;
}

export interface StoredMessage {
  ts: string;
  channel: string;
  /** The bot user id, or a person for messages posted on their behalf. */
  user: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  /** Set for chat.postEphemeral and ephemeral response_url answers. */
  ephemeralTo?: string;
  threadTs?: string;
  files?: StoredFile[];
  edited?: boolean;
}

export interface MessageChange {
  kind: 'posted' | 'updated' | 'deleted';
  message: StoredMessage;
}

export interface ResponseUrlContext {
  channel: string;
  user: string;
  /** The message the interaction came from: what replace_original and delete_original act on. */
  messageTs?: string;
}

export interface RecordedResponse {
  url: string;
  body: Record<string, unknown>;
  at: Date;
}

export interface FailureSpec {
  /** Answer 200 `{ok:false,error}`. */
  error?: string;
  /** Answer this HTTP status instead, e.g. 500. */
  status?: number;
  /** Answer 429 with this `Retry-After` and `{ok:false,error:'ratelimited'}`. */
  retryAfterSeconds?: number;
  /** Destroy the socket without answering, as a connection reset does. */
  dropConnection?: boolean;
  /**
   * Answer this many milliseconds late: the call's effect happens at once, its answer comes after
   * the client may have given up. Alone, the answer is the normal one; with the fields above, theirs.
   */
  delayMs?: number;
  /** How many calls in a row fail; default 1. */
  times?: number;
}

/** A view as Slack returns it from views.* and puts it in interaction payloads. */
export interface SlackView {
  id: string;
  team_id: string;
  type: 'modal' | 'home';
  title?: unknown;
  submit: unknown;
  close: unknown;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: ViewStateValues };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

/** `state.values` as Slack sends it: block_id -> action_id -> the element's state. */
export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

/** What an app may answer to a view_submission (the body of its ack), as Slack reads it. */
export interface ViewSubmissionAnswer {
  response_action?: 'errors' | 'update' | 'push' | 'clear';
  errors?: Record<string, string>;
  view?: unknown;
}

/**
 * What the Slack client does with views on the person's side, for the driver: fill in inputs, act on the
 * app's answer to a submission, close the modal.
 */
export interface SlackViewClient {
  /** The view as the person submits it, with these input values; throws unless it is the top of their stack. */
  fill(userId: string, viewId: string, values: ViewStateValues): SlackView;
  /** Applies the app's answer to a submission of the top view: close it, clear all, update or push. */
  answer(userId: string, viewId: string, answer: ViewSubmissionAnswer | undefined): void;
}

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export interface SlackSocket {
  waitForConnection(timeoutMs?: number): Promise<void>;
  connectionCount(): number;
  /** Resolves with the client's ack; rejects when no client is connected or none acks in time (3 s, as Slack). */
  send(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    options?: { acceptsResponsePayload?: boolean; timeoutMs?: number },
  ): Promise<SocketAck>;
  /** Sends Slack's `disconnect` message to every connection, as Slack does before recycling a host. */
  requestReconnect(reason?: string): void;
}

export interface SlackServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** `${url}/api/`: what goes into `slackApiUrl`. */
  apiUrl: string;
  botToken: string;
  appToken?: string;
  botUserId: string;
  botId: string;
  teamId: string;
  appId: string;
  calls(method?: string): SlackCall[];
  clearCalls(): void;
  newResponseUrl(context: ResponseUrlContext): string;
  responses(): RecordedResponse[];
  onResponse(listener: (response: RecordedResponse) => void): () => void;
  /** The next calls of a Web API method fail; `'upload'` for the upload URLs files are POSTed to. */
  failNext(method: string, failure: FailureSpec): void;
  /**
   * Holds every call of a Web API method before it is looked at (nothing posted yet) until
   * `release()`: Slack as slow as a story needs, e.g. 429s retried. Closing the server drops them.
   */
  hold(method: string): Hold;
  messages(channel?: string): StoredMessage[];
  /** Posts as a person (not the bot), e.g. for the demo page or to test cant_update_message. */
  postAs(user: string, channel: string, text: string): StoredMessage;
  dmChannelOf(userId: string): string;
  user(userId: string): SlackUserSeed | undefined;
  fileContent(fileId: string): Buffer | undefined;
  onChange(listener: (change: MessageChange) => void): () => void;
  /** A trigger_id for this person, as Slack puts in a click or command: views.open takes it once, within 3 s. */
  issueTriggerId(userId: string): string;
  /** The Home tab view last published for this person. */
  homeView(userId: string): SlackView | undefined;
  /** The person's open modals, the one they see last. */
  openViews(userId: string): SlackView[];
  /** Any view the stand-in holds (open, closed or a Home tab). */
  view(viewId: string): SlackView | undefined;
  viewClient: SlackViewClient;
  socket: SlackSocket;
  /**
   * Workflow Builder runs a custom step of the app: a new execution (its id and short-lived token) and the
   * `event_callback` body announcing it, for the driver to POST (HTTP) or `socket.send('events_api', …)`.
   */
  runFunction(
    callbackId: string,
    inputs: Record<string, unknown>,
  ): { execution: FunctionExecution; payload: Record<string, unknown> };
  /** A run as functions.complete* left it (state, outputs or error). */
  functionExecution(executionId: string): FunctionExecution | undefined;
  functionExecutions(): FunctionExecution[];
  /** Resolves when the run is completed or failed. */
  functionEnded(executionId: string, timeoutMs?: number): Promise<FunctionExecution>;
  close(): Promise<void>;
}

export interface SlackServerOptions {
  botToken: string;
  appToken?: string;
  users?: SlackUserSeed[];
  /** S... -> user ids */
  usergroups?: Record<string, string[]>;
  host?: string;
  port?: number;
  botUserId?: string;
  teamId?: string;
  appId?: string;
  /** How often the socket server pings each connection; Slack does, and the client watches for it. */
  socketPingIntervalMs?: number;
  /** Messages from an earlier run (what `messages()` returned then), so a restarted demo keeps its history. */
  messages?: StoredMessage[];
  /** How long a trigger_id stays good for views.open and views.push; Slack's is 3 s. */
  triggerLifetimeMs?: number;
}
