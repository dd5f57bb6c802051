import type { SlackDriver, SlackServer, SlackView } from '../slack';
import type {
  ApiAnswer,
  HomeOpenRequest,
  SlackViewView,
  ViewClickRequest,
  ViewCloseRequest,
  ViewSubmitRequest,
} from './api';
import { HttpError, stringField } from './http-io';

export interface ViewDeps {
  slack: SlackServer;
  driver: SlackDriver;
  people: readonly { id: string }[];
}

/** How often the page server looks for a new Home or modal: the stand-in sends no event for views. */
const VIEW_POLL_MS = 300;

type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function person(deps: ViewDeps, body: Json): string {
  const as = stringField(body, 'as', 32);
  if (!deps.people.some((p) => p.id === as))
    throw new HttpError(400, `as: ${as} is not one of the demo people`);
  return as;
}

export function toViewView(view: SlackView): SlackViewView {
  return {
    id: view.id,
    hash: view.hash,
    callbackId: view.callback_id,
    ...(view.title !== undefined ? { title: view.title } : {}),
    ...(view.submit !== null ? { submit: view.submit } : {}),
    ...(view.close !== null ? { close: view.close } : {}),
    blocks: view.blocks,
  };
}

/**
 * What Slack shows a person of their views: their Home tab, and the top modal of their stack unless
 * they pressed Cancel on it (the stand-in has no close without notify_on_close, so the page keeps that).
 */
export class ViewTracker {
  private readonly dismissed = new Set<string>();
  private signature = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly deps: ViewDeps,
    onChange: () => void,
  ) {
    this.signature = this.current();
    this.timer = setInterval(() => {
      const next = this.current();
      if (next !== this.signature) {
        this.signature = next;
        onChange();
      }
    }, VIEW_POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  home(userId: string): SlackViewView | undefined {
    const view = this.deps.slack.homeView(userId);
    return view && toViewView(view);
  }

  modal(userId: string): SlackViewView | undefined {
    const top = this.deps.slack.openViews(userId).at(-1);
    return top && !this.dismissed.has(top.id) ? toViewView(top) : undefined;
  }

  async openHome(body: Json): Promise<ApiAnswer> {
    const request: HomeOpenRequest = { as: person(this.deps, body) };
    const reply = await this.deps.driver.appHomeOpened(request.as);
    if (reply.status !== 200) throw new HttpError(502, `the bot answered HTTP ${reply.status}`);
    return { ok: true };
  }

  async click(body: Json): Promise<ApiAnswer> {
    const request = this.parseClick(body);
    const reply = await this.deps.driver.clickInView(request.actionId, request.value, {
      userId: request.as,
      viewId: request.viewId,
      ...(request.blockId !== undefined ? { blockId: request.blockId } : {}),
    });
    if (reply.status !== 200) throw new HttpError(502, `the bot answered HTTP ${reply.status}`);
    return { ok: true };
  }

  async submit(body: Json): Promise<ApiAnswer> {
    const request = this.parseSubmit(body);
    const view = this.seenModal(request.as, request.viewId);
    const inputs = inputElements(view);
    const values: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const [blockId, actions] of Object.entries(request.values)) {
      for (const [actionId, value] of Object.entries(actions)) {
        const type = inputs.get(`${blockId}\u0000${actionId}`);
        if (type === undefined) throw new HttpError(400, `the modal has no input ${blockId}/${actionId}`);
        if (type === 'checkboxes') {
          // The page sends the ticked options' values, one a line; Slack sends the options themselves.
          const ticked = new Set(value.split('\n').filter((line) => line !== ''));
          const selected = checkboxOptions(view, blockId).filter((option) =>
            ticked.has(String(option.value)),
          );
          (values[blockId] ??= {})[actionId] = { type, selected_options: selected };
          continue;
        }
        // An empty input is absent from what Slack sends as its value.
        (values[blockId] ??= {})[actionId] = value === '' ? { type } : { type, value };
      }
    }
    const reply = await this.deps.driver.submitView(request.viewId, values, { userId: request.as });
    if (reply.status !== 200) throw new HttpError(502, `the bot answered HTTP ${reply.status}`);
    if (reply.body?.response_action === 'errors') {
      return { ok: false, errors: reply.body.errors as Record<string, string> };
    }
    return { ok: true };
  }

  close(body: Json): ApiAnswer {
    const request: ViewCloseRequest = {
      as: person(this.deps, body),
      viewId: stringField(body, 'viewId', 32),
    };
    this.seenModal(request.as, request.viewId);
    this.dismissed.add(request.viewId);
    return { ok: true };
  }

  private current(): string {
    return this.deps.people
      .map(({ id }) => {
        const home = this.deps.slack.homeView(id)?.hash ?? '';
        const stack = this.deps.slack.openViews(id).map((v) => `${v.id}:${v.hash}`);
        return `${id}=${home}|${stack.join(',')}`;
      })
      .join(';');
  }

  private seenModal(as: string, viewId: string): SlackViewView {
    const modal = this.modal(as);
    if (modal?.id !== viewId) throw new HttpError(404, `${as} sees no modal ${viewId}`);
    return modal;
  }

  private parseClick(body: Json): ViewClickRequest {
    const as = person(this.deps, body);
    const viewId = stringField(body, 'viewId', 32);
    const actionId = stringField(body, 'actionId', 255);
    const value = typeof body.value === 'string' ? body.value : '';
    const blockId = typeof body.blockId === 'string' && body.blockId !== '' ? body.blockId : undefined;
    const view = this.home(as)?.id === viewId ? this.home(as) : this.modal(as);
    if (view?.id !== viewId) throw new HttpError(404, `${as} sees no view ${viewId}`);
    // As with messages: only buttons that are on the view can be clicked.
    const exists = buttonsOf(view).some(
      (b) => b.actionId === actionId && b.value === value && (blockId === undefined || b.blockId === blockId),
    );
    if (!exists) throw new HttpError(404, `view ${viewId} has no button ${actionId} with that value`);
    return { as, viewId, actionId, value, ...(blockId !== undefined ? { blockId } : {}) };
  }

  private parseSubmit(body: Json): ViewSubmitRequest {
    const as = person(this.deps, body);
    const viewId = stringField(body, 'viewId', 32);
    if (!isJson(body.values)) throw new HttpError(400, 'values: not an object');
    const values: Record<string, Record<string, string>> = {};
    for (const [blockId, actions] of Object.entries(body.values)) {
      if (!isJson(actions)) throw new HttpError(400, `values.${blockId}: not an object`);
      for (const [actionId, value] of Object.entries(actions)) {
        if (typeof value !== 'string' || value.length > 4000)
          throw new HttpError(400, `values.${blockId}.${actionId}: not a string`);
        (values[blockId] ??= {})[actionId] = value;
      }
    }
    return { as, viewId, values };
  }
}

function buttonsOf(view: SlackViewView): { blockId?: string; actionId: unknown; value: unknown }[] {
  return view.blocks.filter(isJson).flatMap((block) => {
    const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
    const candidates = [block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])];
    return candidates
      .filter((e): e is Json => isJson(e) && e.type === 'button')
      .map((e) => ({ blockId, actionId: e.action_id, value: e.value ?? '' }));
  });
}

/** `block_id\0action_id` -> the input element's type. */
/** The options of the checkboxes input in that block of the modal. */
function checkboxOptions(view: SlackViewView, blockId: string): Json[] {
  const block = view.blocks.filter(isJson).find((candidate) => candidate.block_id === blockId);
  const element = block && isJson(block.element) ? block.element : undefined;
  return element && Array.isArray(element.options) ? element.options.filter(isJson) : [];
}

function inputElements(view: SlackViewView): Map<string, string> {
  const found = new Map<string, string>();
  for (const block of view.blocks.filter(isJson)) {
    if (block.type !== 'input' || !isJson(block.element)) continue;
    const { element } = block;
    if (typeof block.block_id === 'string' && typeof element.action_id === 'string') {
      found.set(`${block.block_id}\u0000${element.action_id}`, String(element.type));
    }
  }
  return found;
}
