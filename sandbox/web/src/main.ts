import { ONLY_KEYS_HINT, type ChannelView, type StateView } from '../../page-server/api';
import {
  closeView,
  fetchState,
  listen,
  openHome,
  runReport,
  sendClick,
  sendCommand,
  sendViewClick,
  simulateLeak,
  submitView,
  useKey,
  runWorkflow,
} from './api-client';
import { blocksToHtml, escapeHtml, messageToHtml, type Names } from './blockkit';
import { modalHtml, modalValues, showModalErrors } from './views/modal';
import { panelHtml } from './views/panel';
import { channelListHtml, HOME_TAB, homeItemHtml, viewerOptionsHtml } from './views/sidebar';
import { visibleAfterLoad } from './views/ephemeral';
import { completeMention, mentionsToIds } from './views/mentions';

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
  modal: element('modal'),
};

/** When this page was opened: ephemeral messages from before are gone, as on a reload in Slack. */
const OPENED_AT_MS = Date.now();

/** Slack's words for a Home tab the bot has not published yet. */
const HOME_LOADING = 'Opening Home…';

const params = new URLSearchParams(location.search);
let viewer = params.get('as') ?? 'U0ALICE';
let current = params.get('channel') ?? '';
let state: StateView | undefined;
/** The newest message ts each channel had when last looked at, for the unread marks. */
const seen = new Map<string, string>();
let renderedMessages = '';
/** The modal on screen, by id and hash: redrawn only when the bot changes it, so typing survives. */
let renderedModal = '';

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

function renderModal(view: StateView, names: Names): void {
  const key = view.modal ? `${view.modal.id}:${view.modal.hash}` : '';
  if (key === renderedModal) return;
  renderedModal = key;
  ui.modal.innerHTML = view.modal ? modalHtml(view.modal, names) : '';
  ui.modal.hidden = view.modal === undefined;
  ui.modal.querySelector<HTMLElement>('input, textarea')?.focus();
}

function renderHome(view: StateView, names: Names): void {
  ui.title.textContent = 'Home';
  ui.topic.textContent = `${view.bot.name}'s Home tab: what the bot last published for you.`;
  ui.composer.hidden = true;
  const html = view.home
    ? `<div class="home-view" data-view-id="${escapeHtml(view.home.id)}">${blocksToHtml(view.home.blocks, names)}</div>`
    : `<p class="messages-empty">${HOME_LOADING}</p>`;
  if (html !== renderedMessages) {
    const keep = openConfirm();
    ui.messages.innerHTML = html;
    renderedMessages = html;
    reopenConfirm(keep);
  }
}

function render(view: StateView): void {
  const names = namesOf(view);
  const options = viewerOptionsHtml(view.people, view.viewer.id);
  // Rebuilt only when it changes, so a live update never closes the list under the pointer.
  if (ui.viewer.dataset.options !== options) {
    ui.viewer.innerHTML = options;
    ui.viewer.dataset.options = options;
  }
  renderModal(view, names);
  if (current === HOME_TAB) {
    ui.channels.innerHTML =
      channelListHtml(view.channels, current, new Set()) + homeItemHtml(view.bot.name, current);
    renderHome(view, names);
    renderPanel(view, names);
    return;
  }
  ui.composer.hidden = false;
  const channel = currentChannel(view);
  current = channel.id;
  seen.set(channel.id, newest(channel));
  const unread = new Set(
    view.channels.filter((c) => c.id !== channel.id && newest(c) > (seen.get(c.id) ?? '')).map((c) => c.id),
  );
  ui.channels.innerHTML =
    channelListHtml(view.channels, channel.id, unread) + homeItemHtml(view.bot.name, current);
  const title = channel.kind === 'dm' ? channel.name : `#${channel.name}`;
  ui.title.textContent = title;
  ui.topic.textContent =
    channel.kind === 'dm'
      ? `Your direct messages with ${channel.name}. Type /keys help to start.`
      : 'Type a /keys command here and only you see the answer.';
  ui.boxLabel.textContent = `Message ${title}`;
  ui.box.placeholder = `Message ${title}: /keys help`;

  const messages = visibleAfterLoad(channel.messages, OPENED_AT_MS);
  const html =
    messages.length === 0
      ? '<p class="messages-empty">No messages yet.</p>'
      : messages.map((m) => messageToHtml(m, { names, botUserId: view.bot.id })).join('');
  if (html !== renderedMessages) {
    const keep = openConfirm();
    const atBottom = ui.messages.scrollHeight - ui.messages.scrollTop - ui.messages.clientHeight < 80;
    ui.messages.innerHTML = html;
    renderedMessages = html;
    reopenConfirm(keep);
    if (atBottom || keep === undefined) ui.messages.scrollTop = ui.messages.scrollHeight;
  }
  renderPanel(view, names);
}

type PanelField = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A panel form's field by its form's kind and its name ("runWorkflow:reason"): what a redraw keeps. */
function panelFields(): Map<string, PanelField> {
  const fields = new Map<string, PanelField>();
  for (const field of ui.panel.querySelectorAll<PanelField>('form input, form select, form textarea')) {
    const kind = field.form ? Object.keys(field.form.dataset)[0] : undefined;
    if (kind && field.name) fields.set(`${kind}:${field.name}`, field);
  }
  return fields;
}

function renderPanel(view: StateView, names: Names): void {
  // Live updates redraw the panel; what someone is typing into any of its forms survives the redraw
  // (a redraw between typing a key id and pressing the button used to empty the workflow form).
  const typed = new Map([...panelFields()].map(([key, field]) => [key, field.value]));
  const focused = [...panelFields()].find(([, field]) => document.activeElement === field)?.[0];
  const open = new Set(
    [...ui.panel.querySelectorAll<HTMLDetailsElement>('details[data-account]')]
      .filter((details) => details.open)
      .map((details) => details.dataset.account),
  );
  const scrolled = ui.panel.scrollTop;
  ui.panel.innerHTML = panelHtml(view.panel, names);
  for (const [key, field] of panelFields()) {
    const value = typed.get(key);
    const offered =
      !(field instanceof HTMLSelectElement) || [...field.options].some((o) => o.value === value);
    if (value !== undefined && offered) field.value = value;
    if (key === focused) field.focus();
  }
  for (const details of ui.panel.querySelectorAll<HTMLDetailsElement>('details[data-account]')) {
    details.open = open.has(details.dataset.account);
  }
  ui.panel.scrollTop = scrolled;
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
  if (current === HOME_TAB) showHome();
  else void refresh();
});

/** Opening the tab is what makes the bot publish it (app_home_opened), as in Slack. */
function showHome(): void {
  current = HOME_TAB;
  renderedMessages = '';
  if (state) render(state);
  openHome(viewer)
    .then(() => refresh())
    .catch((error: Error) => say(`Home did not open: ${error.message}`, true));
}

ui.channels.addEventListener('click', (event) => {
  if ((event.target as HTMLElement).closest('[data-home]')) {
    showHome();
    return;
  }
  const button = (event.target as HTMLElement).closest<HTMLElement>('[data-channel]');
  if (!button?.dataset.channel) return;
  current = button.dataset.channel;
  renderedMessages = '';
  if (state) render(state);
  ui.box.focus();
});

// Tab after `@al` completes the name, as Slack's mention picker does.
ui.box.addEventListener('keydown', (event) => {
  if (event.key !== 'Tab' || event.shiftKey) return;
  const completed = completeMention(
    ui.box.value,
    ui.box.selectionStart ?? ui.box.value.length,
    state?.people ?? [],
  );
  if (!completed) return;
  event.preventDefault();
  ui.box.value = completed.text;
  ui.box.setSelectionRange(completed.caret, completed.caret);
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
  // As Slack sends a slash command's text: an @name is the person's <@U...> mention.
  const sent = mentionsToIds(text, state?.people ?? []);
  sendCommand({ as: viewer, channel: current, text: sent }).catch((error: Error) => {
    ui.box.value = text;
    say(`The command was not delivered: ${error.message}`, true);
  });
});

function click(button: HTMLElement): void {
  const inView = button.closest<HTMLElement>('[data-view-id]');
  if (inView) {
    clickInView(button, inView.dataset.viewId ?? '');
    return;
  }
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

/** A button on the Home tab or in a modal: a block_actions payload with the view, and no message. */
function clickInView(button: HTMLElement, viewId: string): void {
  const { actionId, value, blockId } = button.dataset;
  if (!actionId || !viewId) return;
  button.setAttribute('aria-busy', 'true');
  sendViewClick({
    as: viewer,
    viewId,
    actionId,
    value: value ?? '',
    ...(blockId !== undefined ? { blockId } : {}),
  })
    .then(() => say(`Clicked ${button.textContent ?? actionId}`))
    .catch((error: Error) => say(`The click was not delivered: ${error.message}`, true))
    .finally(() => button.removeAttribute('aria-busy'));
}

function onButtons(event: MouseEvent): void {
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
}

ui.messages.addEventListener('click', onButtons);

ui.modal.addEventListener('click', (event) => {
  const form = (event.target as HTMLElement).closest<HTMLFormElement>('[data-view-id]');
  if ((event.target as HTMLElement).closest('[data-modal-cancel]') && form) {
    const viewId = form.dataset.viewId ?? '';
    ui.modal.hidden = true;
    closeView(viewer, viewId)
      .then(() => refresh())
      .catch((error: Error) => say(error.message, true));
    return;
  }
  onButtons(event);
});

ui.modal.addEventListener('submit', (event) => {
  event.preventDefault();
  const form = (event.target as HTMLElement).closest<HTMLFormElement>('[data-view-id]');
  if (!form?.dataset.viewId) return;
  const error = form.querySelector<HTMLElement>('.modal-error');
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  submit?.setAttribute('aria-busy', 'true');
  submitView({ as: viewer, viewId: form.dataset.viewId, values: modalValues(form) })
    .then((answer) => {
      showModalErrors(form, answer.errors ?? {});
      if (error) error.hidden = true;
      if (answer.errors === undefined) return refresh();
      return undefined;
    })
    .catch((failure: Error) => {
      if (error) {
        error.textContent = `The submission was not delivered: ${failure.message}`;
        error.hidden = false;
      }
    })
    .finally(() => submit?.removeAttribute('aria-busy'));
});

ui.panel.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLElement>('[data-run-report]');
  if (!button) return;
  runReport(Number(button.dataset.runReport))
    .then((answer) => say(`Report ${Number(button.dataset.runReport) + 1}: ${answer.result ?? 'done'}.`))
    .catch((error: Error) => say(error.message, true));
});

ui.panel.addEventListener('submit', (event) => {
  const leak = (event.target as HTMLElement).closest<HTMLFormElement>('[data-simulate-leak]');
  if (leak) {
    event.preventDefault();
    const keyId = String(new FormData(leak).get('keyId') ?? '');
    simulateLeak(keyId)
      .then((answer) => say(`${answer.result ?? 'done'}.`))
      .catch((error: Error) => say(error.message, true));
    return;
  }
  const form = (event.target as HTMLElement).closest<HTMLFormElement>('[data-use-key]');
  if (!form) return;
  event.preventDefault();
  const keyId = String(new FormData(form).get('keyId') ?? '').trim();
  useKey(keyId)
    .then((answer) => say(`${answer.result ?? 'done'}.`))
    .catch((error: Error) => say(error.message, true));
});

ui.panel.addEventListener('submit', (event) => {
  const form = (event.target as HTMLElement).closest<HTMLFormElement>('[data-run-workflow]');
  if (!form) return;
  event.preventDefault();
  const fields = new FormData(form);
  const keyId = String(fields.get('keyId') ?? '').trim();
  const reason = String(fields.get('reason') ?? '').trim();
  runWorkflow({ as: viewer, keyId, reason })
    .then((answer) => say(`${answer.result ?? 'started'}.`))
    .catch((error: Error) => say(error.message, true))
    .finally(() => void refresh());
});

listen(
  () => void refresh(),
  // After a reconnect, whatever happened while the stream was down is in the next fetch.
  () => void refresh(),
);
if (current === HOME_TAB) showHome();
else void refresh();
