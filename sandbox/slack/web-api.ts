import { blockErrors } from './block-limits';
import type { Conversations } from './conversations';
import type { Directory } from './directory';
import type { FileStore } from './files';
import { FunctionRefusal, type FunctionExecutions } from './functions';
import type { SlackView, StoredFile, StoredMessage } from './types';
import { ViewRefusal, type Views } from './views';

export interface Identity {
  botToken: string;
  appToken?: string;
  botUserId: string;
  botId: string;
  teamId: string;
  appId: string;
}

export interface WebApiDeps {
  identity: Identity;
  directory: Directory;
  conversations: Conversations;
  files: FileStore;
  views: Views;
  functions: FunctionExecutions;
  urls: {
    workspace(): string;
    upload(fileId: string): string;
    file(fileId: string, name: string): string;
  };
  /** Issues a one-time wss URL for apps.connections.open. */
  openSocket(): string;
}

type Params = Record<string, unknown>;
type Answer = Record<string, unknown>;

/** Slack's longest message text; longer is `msg_too_long`. */
const MAX_TEXT = 40000;

/** A Slack `{ok:false}` answer, thrown from inside a handler to end it. */
class ApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Answer = {},
  ) {
    super(error);
  }
}

/** The Web API methods Keywarden uses, answering as Slack does (HTTP 200, `ok` true or false). */
export class WebApi {
  private readonly handlers: Record<string, (params: Params) => Answer>;
  private readonly openedDms = new Set<string>();

  constructor(private readonly deps: WebApiDeps) {
    this.handlers = {
      'auth.test': () => this.authTest(),
      'apps.connections.open': () => ({ ok: true, url: this.deps.openSocket() }),
      'chat.postMessage': (p) => this.postMessage(p),
      'chat.postEphemeral': (p) => this.postEphemeral(p),
      'chat.update': (p) => this.update(p),
      'chat.delete': (p) => this.remove(p),
      'conversations.open': (p) => this.openConversation(p),
      'users.info': (p) => this.userInfo(p),
      'users.lookupByEmail': (p) => this.lookupByEmail(p),
      'usergroups.users.list': (p) => this.usergroupUsers(p),
      'files.getUploadURLExternal': (p) => this.uploadUrl(p),
      'files.completeUploadExternal': (p) => this.completeUpload(p),
      'views.open': (p) => this.openView(p),
      'views.push': (p) => this.pushView(p),
      'views.update': (p) => this.updateView(p),
      'views.publish': (p) => this.publishView(p),
      'functions.completeSuccess': (p) => this.completeFunction(p, { outputs: record(p.outputs) }),
      'functions.completeError': (p) => this.completeFunction(p, { error: required(p.error) }),
    };
  }

  call(method: string, params: Params, token: string | undefined): Answer {
    const handler = this.handlers[method];
    if (!handler) return { ok: false, error: 'unknown_method', req_method: method };
    const refusal = this.refuseToken(method, token);
    if (refusal) return { ok: false, error: refusal };
    try {
      return handler(params);
    } catch (error) {
      if (error instanceof ApiError) return { ok: false, error: error.error, ...error.extra };
      if (error instanceof FunctionRefusal) return { ok: false, error: error.error };
      if (error instanceof ViewRefusal) {
        return {
          ok: false,
          error: error.error,
          ...(error.messages.length > 0 ? { response_metadata: { messages: error.messages } } : {}),
        };
      }
      throw error;
    }
  }

  private refuseToken(method: string, token: string | undefined): string | undefined {
    if (!token) return 'not_authed';
    const { botToken, appToken } = this.deps.identity;
    // A step's own token (function_executed's bot_access_token) acts as the bot until its run ends.
    const kind =
      token === botToken || this.deps.functions.isRunningToken(token)
        ? 'bot'
        : appToken !== undefined && token === appToken
          ? 'app'
          : undefined;
    if (!kind) return 'invalid_auth';
    const wanted = method === 'apps.connections.open' ? 'app' : 'bot';
    return kind === wanted ? undefined : 'not_allowed_token_type';
  }

  private authTest(): Answer {
    const { botUserId, botId, teamId } = this.deps.identity;
    const bot = this.deps.directory.user(botUserId);
    return {
      ok: true,
      url: this.deps.urls.workspace(),
      team: 'Keywarden Sandbox',
      user: bot?.name ?? 'keywarden',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    };
  }

  private postMessage(p: Params): Answer {
    const channel = this.conversation(p.channel);
    const content = messageContent(p, true);
    const stored = this.deps.conversations.post({
      channel,
      user: this.deps.identity.botUserId,
      ...content,
      threadTs: str(p.thread_ts),
    });
    return { ok: true, channel, ts: stored.ts, message: this.messageObject(stored) };
  }

  private postEphemeral(p: Params): Answer {
    const userId = str(p.user);
    if (!userId || !this.deps.directory.user(userId)) throw new ApiError('user_not_found');
    const channel = this.conversation(p.channel);
    // A DM has two members: an ephemeral there for anyone but its person never reaches them.
    const dmOwner = channel.startsWith('D') ? this.deps.directory.userOfDm(channel) : undefined;
    if (dmOwner && dmOwner.id !== userId) throw new ApiError('user_not_in_channel');
    const stored = this.deps.conversations.post({
      channel,
      user: this.deps.identity.botUserId,
      ...messageContent(p, true),
      ephemeralTo: userId,
      threadTs: str(p.thread_ts),
    });
    return { ok: true, message_ts: stored.ts };
  }

  private update(p: Params): Answer {
    const { channel, found } = this.ownMessage(p, 'cant_update_message');
    const content = messageContent(p, false);
    if (content.text === undefined && content.blocks === undefined && content.attachments === undefined) {
      throw new ApiError('no_text');
    }
    // Omitted blocks stay as they were; an empty list removes them.
    const blocks = content.blocks?.length === 0 ? null : content.blocks;
    const updated = this.deps.conversations.update(channel, found.ts, {
      text: content.text,
      blocks,
      attachments: content.attachments,
    });
    if (!updated) throw new ApiError('message_not_found');
    return {
      ok: true,
      channel,
      ts: updated.ts,
      text: updated.text ?? '',
      message: this.messageObject(updated),
    };
  }

  private remove(p: Params): Answer {
    const { channel, found } = this.ownMessage(p, 'cant_delete_message');
    this.deps.conversations.remove(channel, found.ts);
    return { ok: true, channel, ts: found.ts };
  }

  /** chat.update and chat.delete take the conversation id itself: a user id is not one (a DM needs its D id). */
  private ownMessage(p: Params, notYours: string): { channel: string; found: StoredMessage } {
    const channel = str(p.channel);
    const ts = str(p.ts);
    if (!channel || /^[UW]/.test(channel) || !this.deps.directory.conversationOf(channel)) {
      throw new ApiError('channel_not_found');
    }
    const found = ts ? this.deps.conversations.find(channel, ts) : undefined;
    // Ephemeral messages live only in the client: the API can neither find nor change them.
    if (!found || found.ephemeralTo !== undefined) throw new ApiError('message_not_found');
    if (found.user !== this.deps.identity.botUserId) throw new ApiError(notYours);
    return { channel, found };
  }

  private openConversation(p: Params): Answer {
    const channel = str(p.channel);
    if (channel) {
      const id = this.deps.directory.conversationOf(channel);
      if (!id) throw new ApiError('channel_not_found');
      return { ok: true, channel: { id } };
    }
    const users = (str(p.users) ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u.length > 0);
    if (users.length === 0) throw new ApiError('users_list_not_supplied');
    for (const id of users) {
      const user = this.deps.directory.user(id);
      if (!user) throw new ApiError('user_not_found');
      if (user.deleted) throw new ApiError('user_disabled');
    }
    const [only] = users;
    if (users.length > 1 || only === undefined) {
      return {
        ok: true,
        channel: { id: this.deps.directory.mpimChannelOf([...users, this.deps.identity.botUserId]) },
      };
    }
    const id = this.deps.directory.dmChannelOf(only);
    const alreadyOpen = this.openedDms.has(id);
    this.openedDms.add(id);
    const channelObject =
      p.return_im === 'true' || p.return_im === true ? { id, is_im: true, user: only } : { id };
    return alreadyOpen
      ? { ok: true, no_op: true, already_open: true, channel: channelObject }
      : { ok: true, channel: channelObject };
  }

  private userInfo(p: Params): Answer {
    const user = this.deps.directory.user(str(p.user) ?? '');
    if (!user) throw new ApiError('user_not_found');
    return { ok: true, user: this.deps.directory.toSlackUser(user) };
  }

  private lookupByEmail(p: Params): Answer {
    const user = this.deps.directory.byEmail(str(p.email) ?? '');
    if (!user) throw new ApiError('users_not_found');
    return { ok: true, user: this.deps.directory.toSlackUser(user) };
  }

  private usergroupUsers(p: Params): Answer {
    const users = this.deps.directory.usergroup(str(p.usergroup) ?? '');
    if (!users) throw new ApiError('no_such_subteam');
    return { ok: true, users: [...users] };
  }

  private uploadUrl(p: Params): Answer {
    const filename = str(p.filename);
    const length = Number(str(p.length));
    if (!filename || !Number.isInteger(length) || length < 1) throw new ApiError('invalid_arguments');
    const fileId = this.deps.files.open(filename, length, str(p.alt_text));
    return { ok: true, upload_url: this.deps.urls.upload(fileId), file_id: fileId };
  }

  private completeUpload(p: Params): Answer {
    const entries = Array.isArray(p.files) ? p.files : [];
    const wanted = entries.map((entry: unknown) => {
      const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
      return { id: str(record.id), title: str(record.title) };
    });
    if (wanted.length === 0 || wanted.some((w) => !w.id)) throw new ApiError('invalid_arguments');
    const target = str(p.channel_id) ?? str(p.channels);
    const channel = target === undefined ? undefined : this.conversation(target);
    const initialComment = str(p.initial_comment);
    // Slack ignores blocks when there is an initial_comment.
    const blocks = initialComment === undefined ? p.blocks : undefined;
    if (blocks !== undefined) checkBlocks(blocks);
    if (wanted.some((w) => !this.deps.files.canComplete(w.id ?? ''))) throw new ApiError('file_not_found');
    const completed = wanted.map((w) => {
      const file = this.deps.files.complete(w.id ?? '', w.title);
      if (!file) throw new ApiError('file_not_found');
      return file;
    });
    const refs: StoredFile[] = completed.map((f) => ({
      id: f.id,
      name: f.name,
      title: f.title,
      url: this.deps.urls.file(f.id, f.name),
    }));
    if (channel !== undefined) {
      this.deps.conversations.post({
        channel,
        user: this.deps.identity.botUserId,
        text: initialComment ?? '',
        blocks: Array.isArray(blocks) && blocks.length > 0 ? blocks : undefined,
        files: refs,
        threadTs: str(p.thread_ts),
      });
    }
    return {
      ok: true,
      files: completed.map((f) => ({
        id: f.id,
        created: f.created,
        name: f.name,
        title: f.title,
        mimetype: f.mimetype,
        size: f.size,
        user: this.deps.identity.botUserId,
        url_private: this.deps.urls.file(f.id, f.name),
        url_private_download: this.deps.urls.file(f.id, f.name),
        channels: channel !== undefined && channel.startsWith('C') ? [channel] : [],
        ims: channel !== undefined && channel.startsWith('D') ? [channel] : [],
      })),
    };
  }

  /** The view is checked before the trigger is spent: a refused view leaves the trigger for a retry. */
  private openView(p: Params): Answer {
    const input = this.deps.views.check(p.view, 'modal');
    const userId = this.deps.views.exchange(str(p.trigger_id) ?? str(p.interactivity_pointer));
    return viewAnswer(this.deps.views.open(userId, input));
  }

  private pushView(p: Params): Answer {
    const input = this.deps.views.check(p.view, 'modal');
    const userId = this.deps.views.exchange(str(p.trigger_id) ?? str(p.interactivity_pointer));
    return viewAnswer(this.deps.views.push(userId, input));
  }

  private updateView(p: Params): Answer {
    const target = { viewId: str(p.view_id), externalId: str(p.external_id) };
    return viewAnswer(this.deps.views.update(target, p.view, str(p.hash)));
  }

  private publishView(p: Params): Answer {
    const userId = str(p.user_id);
    const user = userId === undefined ? undefined : this.deps.directory.user(userId);
    if (userId === undefined || !user || user.deleted) {
      throw new ViewRefusal('invalid_arguments', ['invalid `user_id`']);
    }
    const input = this.deps.views.check(p.view, 'home');
    return viewAnswer(this.deps.views.publish(userId, input, str(p.hash)));
  }

  private completeFunction(
    p: Params,
    outcome: { outputs: Record<string, unknown> } | { error: string },
  ): Answer {
    this.deps.functions.complete(p.function_execution_id, outcome);
    return { ok: true };
  }

  private conversation(channel: unknown): string {
    const id = this.deps.directory.conversationOf(str(channel) ?? '');
    if (!id) throw new ApiError('channel_not_found');
    return id;
  }

  private messageObject(m: StoredMessage): Answer {
    const { botUserId, botId, appId, teamId } = this.deps.identity;
    return {
      type: 'message',
      user: m.user,
      ...(m.user === botUserId ? { bot_id: botId, app_id: appId } : {}),
      team: teamId,
      text: m.text ?? '',
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      ...(m.edited ? { edited: { user: m.user, ts: m.ts } } : {}),
      ts: m.ts,
    };
  }
}

function viewAnswer(view: SlackView): Answer {
  return { ok: true, view };
}

interface MessageContent {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

/** text, blocks and attachments as chat.* take them, with the checks Slack makes before posting. */
function messageContent(p: Params, requireSome: boolean): MessageContent {
  const text = str(p.text);
  if (text !== undefined && text.length > MAX_TEXT) throw new ApiError('msg_too_long');
  const blocks = p.blocks === undefined ? undefined : checkBlocks(p.blocks);
  if (p.attachments !== undefined && !Array.isArray(p.attachments)) throw new ApiError('invalid_attachments');
  const attachments = p.attachments as unknown[] | undefined;
  const empty = !text && (blocks?.length ?? 0) === 0 && (attachments?.length ?? 0) === 0;
  if (requireSome && empty) throw new ApiError('no_text');
  return { text, blocks, attachments };
}

function checkBlocks(blocks: unknown): unknown[] {
  if (!Array.isArray(blocks)) throw new ApiError('invalid_blocks_format');
  const errors = blockErrors(blocks);
  if (errors.length > 0) throw new ApiError('invalid_blocks', { response_metadata: { messages: errors } });
  return blocks;
}

/** An object argument (outputs), which the WebClient sends JSON-encoded; anything else is Slack's invalid_arguments. */
function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ApiError('invalid_arguments');
  return value as Record<string, unknown>;
}

function required(value: unknown): string {
  const text = str(value);
  if (text === undefined || text === '') throw new ApiError('invalid_arguments');
  return text;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
