import { randomBytes, randomInt } from 'node:crypto';

import type { SlackView, ViewStateValues, ViewSubmissionAnswer } from './types';
import { viewErrors } from './view-limits';

/** Slack keeps at most three modals on a person's stack. */
export const MAX_MODAL_STACK = 3;

/** A `{ok:false, error}` answer from a views.* method, thrown to end it. */
export class ViewRefusal extends Error {
  constructor(
    readonly error: string,
    readonly messages: string[] = [],
  ) {
    super(error);
  }
}

interface Trigger {
  userId: string;
  issuedAt: number;
  used: boolean;
}

export interface ViewsIdentity {
  teamId: string;
  appId: string;
  botId: string;
}

type ViewInput = Record<string, unknown>;

/**
 * Every view the stand-in holds: each person's modal stack (top last) and Home tab, by id and by
 * external_id, and the trigger_ids it has handed out. Views stay readable after they close, for tests;
 * only open ones can be updated.
 */
export class Views {
  private readonly triggers = new Map<string, Trigger>();
  private readonly byId = new Map<string, SlackView>();
  private readonly owners = new Map<string, string>();
  private readonly stacks = new Map<string, string[]>();
  private readonly homes = new Map<string, string>();
  private readonly externalIds = new Map<string, string>();

  constructor(
    private readonly identity: ViewsIdentity,
    private readonly triggerLifetimeMs: number,
  ) {}

  issueTrigger(userId: string): string {
    const id = `${randomInt(1e9, 1e10)}.${randomInt(1e9, 1e10)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { userId, issuedAt: Date.now(), used: false });
    return id;
  }

  /** The person a trigger_id was issued to; a trigger is good once, and only for a short while. */
  exchange(triggerId: string | undefined): string {
    if (triggerId === undefined || triggerId === '') {
      throw new ViewRefusal('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
    }
    const trigger = this.triggers.get(triggerId);
    if (!trigger) throw new ViewRefusal('invalid_trigger_id');
    if (trigger.used || Date.now() - trigger.issuedAt > this.triggerLifetimeMs) {
      throw new ViewRefusal('expired_trigger_id');
    }
    trigger.used = true;
    return trigger.userId;
  }

  /** Checks a view before its trigger is spent, so a bad view leaves the trigger usable. */
  check(view: unknown, kind: 'modal' | 'home'): ViewInput {
    const errors = viewErrors(view, kind);
    if (errors.length > 0) throw new ViewRefusal('invalid_arguments', errors);
    const input = view as ViewInput;
    const externalId = str(input.external_id);
    if (externalId && this.externalIds.has(externalId)) throw new ViewRefusal('duplicate_external_id');
    return input;
  }

  /** A new modal stack for the person; one they had open is replaced, as a fresh trigger opens a fresh modal. */
  open(userId: string, input: ViewInput): SlackView {
    this.closeAll(userId);
    const view = this.create(userId, input, undefined);
    this.stacks.set(userId, [view.id]);
    return view;
  }

  push(userId: string, input: ViewInput): SlackView {
    const stack = this.stacks.get(userId) ?? [];
    if (stack.length >= MAX_MODAL_STACK) throw new ViewRefusal('push_limit_reached');
    const below = stack.length > 0 ? this.byId.get(stack[stack.length - 1] ?? '') : undefined;
    const view = this.create(userId, input, below);
    this.stacks.set(userId, [...stack, view.id]);
    return view;
  }

  update(target: { viewId?: string; externalId?: string }, view: unknown, hash?: string): SlackView {
    const id = target.viewId || (target.externalId ? this.externalIds.get(target.externalId) : undefined);
    if (!target.viewId && !target.externalId) {
      throw new ViewRefusal('invalid_arguments', ['[ERROR] missing required field: view_id or external_id']);
    }
    const current = id === undefined ? undefined : this.byId.get(id);
    if (!current || !this.isOpen(current)) throw new ViewRefusal('not_found');
    const errors = viewErrors(view, current.type);
    if (errors.length > 0) throw new ViewRefusal('invalid_arguments', errors);
    if (hash !== undefined && hash !== '' && hash !== current.hash) throw new ViewRefusal('hash_conflict');
    return this.replace(current, view as ViewInput);
  }

  publish(userId: string, input: ViewInput, hash?: string): SlackView {
    const homeId = this.homes.get(userId);
    const current = homeId === undefined ? undefined : this.byId.get(homeId);
    if (current === undefined) {
      const view = this.create(userId, input, undefined);
      this.homes.set(userId, view.id);
      return view;
    }
    if (hash !== undefined && hash !== '' && hash !== current.hash) throw new ViewRefusal('hash_conflict');
    return this.replace(current, input);
  }

  home(userId: string): SlackView | undefined {
    const id = this.homes.get(userId);
    return id === undefined ? undefined : this.copy(id);
  }

  stack(userId: string): SlackView[] {
    return (this.stacks.get(userId) ?? []).flatMap((id) => this.copy(id) ?? []);
  }

  view(viewId: string): SlackView | undefined {
    return this.copy(viewId);
  }

  ownerOf(viewId: string): string | undefined {
    return this.owners.get(viewId);
  }

  /** The top modal as the person submits it: its inputs hold these values from now on. */
  fill(userId: string, viewId: string, values: ViewStateValues): SlackView {
    const stack = this.stacks.get(userId) ?? [];
    const view = this.byId.get(viewId);
    if (!view || stack[stack.length - 1] !== viewId) {
      throw new Error(
        `${viewId} is not the modal ${userId} sees (their stack: ${stack.join(', ') || 'none'})`,
      );
    }
    view.state = { values: { ...untouchedCheckboxes(view), ...structuredClone(values) } };
    return structuredClone(view);
  }

  /** What Slack does with the app's answer to a submission of the top modal. */
  answer(userId: string, viewId: string, answer: ViewSubmissionAnswer | undefined): void {
    const stack = this.stacks.get(userId) ?? [];
    if (stack[stack.length - 1] !== viewId) throw new Error(`${viewId} is not the modal ${userId} sees`);
    switch (answer?.response_action) {
      case 'errors':
        return;
      case 'clear':
        this.closeAll(userId);
        return;
      case 'update': {
        const current = this.byId.get(viewId);
        const errors = viewErrors(answer.view, 'modal');
        if (!current || errors.length > 0)
          throw new Error(`Slack would refuse that view: ${errors.join('; ')}`);
        this.replace(current, answer.view as ViewInput);
        return;
      }
      case 'push':
        this.push(userId, this.checkForClient(answer.view));
        return;
      default:
        this.closeTop(userId);
    }
  }

  private checkForClient(view: unknown): ViewInput {
    try {
      return this.check(view, 'modal');
    } catch (error) {
      if (error instanceof ViewRefusal)
        throw new Error(`Slack would refuse that view: ${error.messages.join('; ')}`);
      throw error;
    }
  }

  private closeTop(userId: string): void {
    const stack = this.stacks.get(userId) ?? [];
    const top = stack.pop();
    if (top !== undefined) this.forgetExternalId(top);
    if (stack.length === 0) this.stacks.delete(userId);
  }

  private closeAll(userId: string): void {
    for (const id of this.stacks.get(userId) ?? []) this.forgetExternalId(id);
    this.stacks.delete(userId);
  }

  /** A closed modal's external_id may be used again. */
  private forgetExternalId(viewId: string): void {
    const externalId = this.byId.get(viewId)?.external_id;
    if (externalId && this.externalIds.get(externalId) === viewId) this.externalIds.delete(externalId);
  }

  private isOpen(view: SlackView): boolean {
    const owner = this.owners.get(view.id) ?? '';
    return this.homes.get(owner) === view.id || (this.stacks.get(owner) ?? []).includes(view.id);
  }

  private create(userId: string, input: ViewInput, below: SlackView | undefined): SlackView {
    const id = viewId();
    const view = this.fromInput(id, input, {
      root_view_id: below?.root_view_id ?? id,
      previous_view_id: below?.id ?? null,
    });
    this.byId.set(id, view);
    this.owners.set(id, userId);
    if (view.external_id) this.externalIds.set(view.external_id, id);
    return structuredClone(view);
  }

  /** New content under the same id, with a new hash; input values of the blocks kept are kept, as Slack does. */
  private replace(current: SlackView, input: ViewInput): SlackView {
    // A view given without an external_id keeps the one it had.
    const next = this.fromInput(
      current.id,
      { external_id: current.external_id, ...input },
      { root_view_id: current.root_view_id, previous_view_id: current.previous_view_id },
    );
    const keptBlocks = new Set(
      next.blocks.flatMap((b) => (isRecord(b) && typeof b.block_id === 'string' ? [b.block_id] : [])),
    );
    next.state = {
      values: Object.fromEntries(
        Object.entries(current.state.values).filter(([blockId]) => keptBlocks.has(blockId)),
      ),
    };
    if (next.external_id !== current.external_id) {
      if (next.external_id && this.externalIds.has(next.external_id))
        throw new ViewRefusal('duplicate_external_id');
      this.forgetExternalId(current.id);
      if (next.external_id) this.externalIds.set(next.external_id, current.id);
    }
    this.byId.set(current.id, next);
    return structuredClone(next);
  }

  private fromInput(
    id: string,
    input: ViewInput,
    stack: { root_view_id: string; previous_view_id: string | null },
  ): SlackView {
    const type = input.type === 'home' ? 'home' : 'modal';
    return {
      id,
      team_id: this.identity.teamId,
      type,
      ...(type === 'modal' ? { title: input.title } : {}),
      submit: input.submit ?? null,
      close: input.close ?? null,
      blocks: Array.isArray(input.blocks) ? structuredClone(input.blocks) : [],
      private_metadata: str(input.private_metadata) ?? '',
      callback_id: str(input.callback_id) ?? '',
      external_id: str(input.external_id) ?? '',
      state: { values: {} },
      hash: viewHash(),
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      ...stack,
      app_id: this.identity.appId,
      app_installed_team_id: this.identity.teamId,
      bot_id: this.identity.botId,
    };
  }

  private copy(viewId: string): SlackView | undefined {
    const view = this.byId.get(viewId);
    return view && structuredClone(view);
  }
}

function viewId(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return `V${Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('')}`;
}

/** Slack's hashes look like `156772938.1827394`: seconds, then a random part. */
function viewHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(8).toString('hex')}`;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Slack submits every stateful input, the ones the person left alone included: an untouched
 * checkboxes input arrives with its initial_options selected (a "Deactivate now" ticked by default
 * stays ticked). Only checkboxes here; text inputs are submitted as the caller fills them.
 */
function untouchedCheckboxes(view: SlackView): ViewStateValues {
  const values: ViewStateValues = {};
  for (const block of view.blocks as {
    type?: string;
    block_id?: string;
    element?: Record<string, unknown>;
  }[]) {
    const element = block.element;
    if (block.type !== 'input' || !block.block_id || element?.type !== 'checkboxes') continue;
    const actionId = typeof element.action_id === 'string' ? element.action_id : undefined;
    if (!actionId) continue;
    const initial = Array.isArray(element.initial_options) ? element.initial_options : [];
    values[block.block_id] = {
      [actionId]: { type: 'checkboxes', selected_options: structuredClone(initial) },
    };
  }
  return values;
}
