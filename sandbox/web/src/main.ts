import { ONLY_KEYS_HINT, type ChannelView, type StateView } from '../../page-server/api';
import { fetchState, listen, runReport, sendClick, sendCommand, useKey } from './api-client';
import { messageToHtml, type Names } from './blockkit';
import { panelHtml } from './views/panel';
import { channelListHtml, viewerOptionsHtml } from './views/sidebar';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

const ui = {
  viewer: element<HTMLSelectElement>('viewer'),
  channels: element('channel-list'),
  title: element('conversation-title'),
  topic: element('conversation-topic'),
  messages: element('messages'),
  composer: element<HTMLFormElement>('composer'),
  box: element<HTMLInputElement>('message-box'),
  boxLabel: element('message-label'),
  status: element('status'),
  panel: element('panel'),
};

const params = new URLSearchParams(location.search);
let viewer = params.get('as') ?? 'U0ALICE';
let current = params.get('channel') ?? '';
let state: StateView | undefined;
/** The newest message ts each channel had when last looked at, for the unread marks. */
const seen = new Map<string, string>();
let renderedMessages = '';

function say(text: string, isError = false): void {
  ui.status.textContent = text;
  ui.status.classList.toggle('status-error', isError);
}

function namesOf(view: StateView): Names {
  const users = new Map(view.people.map((p) => [p.id, p.realName] as [string, string]));
  users.set(view.bot.id, view.bot.name);
  const channels = new Map(
    view.channels.filter((c) => c.kind === 'channel').map((c) => [c.id, c.name] as [string, string]),
  );
  return { users, channels };
}

function currentChannel(view: StateView): ChannelView {
  const dm = view.channels.find((c) => c.kind === 'dm');
  const found = view.channels.find((c) => c.id === current) ?? dm ?? view.channels[0];
  if (!found) throw new Error('the workspace has no channels');
  return found;
}

const newest = (channel: ChannelView) => channel.messages[channel.messages.length - 1]?.ts ?? '';

function remember(): void {
  params.set('as', viewer);
  params.set('channel', current);
  history.replaceState(null, '', `?${params.toString()}`);
}

/** An open confirm step survives a live update, so a message arriving elsewhere does not cancel it. */
function openConfirm(): string | undefined {
  const dialog = ui.messages.querySelector<HTMLElement>('.bk-confirm:not([hidden])');
  const button = dialog?.previousElementSibling as HTMLElement | null | undefined;
  const message = dialog?.closest<HTMLElement>('[data-ts]');
  if (!button || !message) return undefined;
  return JSON.stringify([message.dataset.ts, button.dataset.actionId, button.dataset.value]);
}

function reopenConfirm(key: string | undefined): void {
  if (!key) return;
  for (const button of ui.messages.querySelectorAll<HTMLElement>('[data-confirm]')) {
    const ts = button.closest<HTMLElement>('[data-ts]')?.dataset.ts;
    if (JSON.stringify([ts, button.dataset.actionId, button.dataset.value]) === key) {
      (button.nextElementSibling as HTMLElement | null)?.removeAttribute('hidden');
    }
  }
}

function render(view: StateView): void {
  const channel = currentChannel(view);
  current = channel.id;
  seen.set(channel.id, newest(channel));
  const unread = new Set(
    view.channels.filter((c) => c.id !== channel.id && newest(c) > (seen.get(c.id) ?? '')).map((c) => c.id),
  );
  const names = namesOf(view);
  const options = viewerOptionsHtml(view.people, view.viewer.id);
  // Rebuilt only when it changes, so a live update never closes the list under the pointer.
  if (ui.viewer.dataset.options !== options) {
    ui.viewer.innerHTML = options;
    ui.viewer.dataset.options = options;
  }
  ui.channels.innerHTML = channelListHtml(view.channels, channel.id, unread);
  const title = channel.kind === 'dm' ? channel.name : `#${channel.name}`;
  ui.title.textContent = title;
  ui.topic.textContent =
    channel.kind === 'dm'
      ? `Your direct messages with ${channel.name}. Type /keys help to start.`
      : 'Type a /keys command here and only you see the answer.';
  ui.boxLabel.textContent = `Message ${title}`;
  ui.box.placeholder = `Message ${title}: /keys help`;

  const html =
    channel.messages.length === 0
      ? '<p class="messages-empty">No messages yet.</p>'
      : channel.messages.map((m) => messageToHtml(m, { names, botUserId: view.bot.id })).join('');
  if (html !== renderedMessages) {
    const keep = openConfirm();
    const atBottom = ui.messages.scrollHeight - ui.messages.scrollTop - ui.messages.clientHeight < 80;
    ui.messages.innerHTML = html;
    renderedMessages = html;
    reopenConfirm(keep);
    if (atBottom || keep === undefined) ui.messages.scrollTop = ui.messages.scrollHeight;
  }
  // Live updates redraw the panel; what someone is typing into it survives the redraw.
  const typing = ui.panel.querySelector<HTMLInputElement>('[data-use-key] input');
  const typed = typing?.value ?? '';
  const focused = typing !== null && document.activeElement === typing;
  const open = new Set(
    [...ui.panel.querySelectorAll<HTMLDetailsElement>('details[data-account]')]
      .filter((details) => details.open)
      .map((details) => details.dataset.account),
  );
  const scrolled = ui.panel.scrollTop;
  ui.panel.innerHTML = panelHtml(view.panel, names);
  for (const details of ui.panel.querySelectorAll<HTMLDetailsElement>('details[data-account]')) {
    details.open = open.has(details.dataset.account);
  }
  ui.panel.scrollTop = scrolled;
  const input = ui.panel.querySelector<HTMLInputElement>('[data-use-key] input');
  if (input) {
    input.value = typed;
    if (focused) input.focus();
  }
  remember();
}

let refreshing: Promise<void> | undefined;
let again = false;

/** One fetch at a time; changes that arrive meanwhile cause exactly one more. */
async function refresh(): Promise<void> {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      again = false;
      try {
        state = await fetchState(viewer);
        render(state);
      } catch (error) {
        say(`Could not load the workspace: ${(error as Error).message}`, true);
      }
    } while (again);
  })();
  await refreshing;
  refreshing = undefined;
}

ui.viewer.addEventListener('change', () => {
  const wasDm = state?.channels.find((c) => c.id === current)?.kind === 'dm';
  viewer = ui.viewer.value;
  if (wasDm) current = '';
  seen.clear();
  renderedMessages = '';
  say('');
  void refresh();
});

ui.channels.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLElement>('[data-channel]');
  if (!button?.dataset.channel) return;
  current = button.dataset.channel;
  renderedMessages = '';
  if (state) render(state);
  ui.box.focus();
});

ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.box.value.trim();
  if (text === '') return;
  if (!/^\/keys(\s|$)/.test(text)) {
    say(ONLY_KEYS_HINT, true);
    return;
  }
  say(`Sent ${text}`);
  ui.box.value = '';
  sendCommand({ as: viewer, channel: current, text }).catch((error: Error) => {
    ui.box.value = text;
    say(`The command was not delivered: ${error.message}`, true);
  });
});

function click(button: HTMLElement): void {
  const message = button.closest<HTMLElement>('[data-ts]');
  const { actionId, value, blockId } = button.dataset;
  if (!message?.dataset.ts || !message.dataset.channel || !actionId) return;
  button.setAttribute('aria-busy', 'true');
  sendClick({
    as: viewer,
    channel: message.dataset.channel,
    messageTs: message.dataset.ts,
    actionId,
    value: value ?? '',
    ...(blockId !== undefined ? { blockId } : {}),
  })
    .then(() => say(`Clicked ${button.textContent ?? actionId}`))
    .catch((error: Error) => say(`The click was not delivered: ${error.message}`, true))
    .finally(() => button.removeAttribute('aria-busy'));
}

ui.messages.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const accept = target.closest<HTMLElement>('[data-confirm-accept]');
  const deny = target.closest<HTMLElement>('[data-confirm-deny]');
  const dialog = (accept ?? deny)?.closest<HTMLElement>('.bk-confirm');
  if (dialog) {
    dialog.hidden = true;
    const button = dialog.previousElementSibling as HTMLElement | null;
    if (accept && button) click(button);
    else button?.focus();
    return;
  }
  const button = target.closest<HTMLElement>('[data-action-id]');
  if (!button) return;
  if (button.hasAttribute('data-confirm')) {
    event.preventDefault();
    const step = button.nextElementSibling as HTMLElement | null;
    if (step) {
      step.hidden = false;
      step.querySelector<HTMLElement>('[data-confirm-accept]')?.focus();
    }
    return;
  }
  click(button);
});

ui.panel.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLElement>('[data-run-report]');
  if (!button) return;
  runReport(Number(button.dataset.runReport))
    .then((answer) => say(`Report ${Number(button.dataset.runReport) + 1}: ${answer.result ?? 'done'}.`))
    .catch((error: Error) => say(error.message, true));
});

ui.panel.addEventListener('submit', (event) => {
  const form = (event.target as HTMLElement).closest<HTMLFormElement>('[data-use-key]');
  if (!form) return;
  event.preventDefault();
  const keyId = String(new FormData(form).get('keyId') ?? '').trim();
  useKey(keyId)
    .then((answer) => say(`${answer.result ?? 'done'}.`))
    .catch((error: Error) => say(error.message, true));
});

listen(
  () => void refresh(),
  // After a reconnect, whatever happened while the stream was down is in the next fetch.
  () => void refresh(),
);
void refresh();
