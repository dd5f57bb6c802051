import { escapeHtml, isWebUrl } from './escape';
import type { Names } from './names';
import { isObject, plainText, stringOf, textObjectToHtml } from './text';

type Json = Record<string, unknown>;

const BUTTON_STYLES = new Set(['primary', 'danger']);

function styleClass(style: unknown): string {
  return typeof style === 'string' && BUTTON_STYLES.has(style) ? ` bk-button-${style}` : '';
}

/**
 * A confirm object becomes a step of its own, hidden until the button is pressed: the page shows it and
 * sends the click only when its confirm button is pressed, as Slack does with its dialog.
 */
function confirmStep(confirm: Json, names: Names): string {
  const title = plainText(confirm.title) || 'Are you sure?';
  const ok = plainText(confirm.confirm) || 'Yes';
  const deny = plainText(confirm.deny) || 'Cancel';
  return (
    `<div class="bk-confirm" role="dialog" aria-label="${title}" hidden>` +
    `<p class="bk-confirm-title">${title}</p>` +
    `<div class="bk-confirm-text">${textObjectToHtml(confirm.text, names)}</div>` +
    `<div class="bk-confirm-actions">` +
    `<button type="button" class="bk-button" data-confirm-deny>${deny}</button>` +
    `<button type="button" class="bk-button${styleClass(confirm.style) || ' bk-button-primary'}" data-confirm-accept>${ok}</button>` +
    `</div></div>`
  );
}

/** What the page needs to send the click: the same fields Slack puts in a block_actions payload. */
function clickData(element: Json, blockId: string | undefined): string {
  const attributes = [
    `data-action-id="${escapeHtml(stringOf(element.action_id))}"`,
    `data-value="${escapeHtml(stringOf(element.value))}"`,
  ];
  if (blockId !== undefined) attributes.push(`data-block-id="${escapeHtml(blockId)}"`);
  if (isObject(element.confirm)) attributes.push('data-confirm');
  return attributes.join(' ');
}

export function buttonToHtml(element: Json, blockId: string | undefined, names: Names): string {
  const label = textObjectToHtml(element.text, names);
  const classes = `bk-button${styleClass(element.style)}`;
  const url = stringOf(element.url);
  const data = clickData(element, blockId);
  const control = isWebUrl(url)
    ? `<a class="${classes}" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer" ${data}>${label}</a>`
    : `<button type="button" class="${classes}" ${data}>${label}</button>`;
  return isObject(element.confirm) ? control + confirmStep(element.confirm, names) : control;
}

/**
 * An overflow menu as Slack draws it: "…", which opens its options. Picking one sends the element's
 * action id with the option's value (the page server sends Slack's `overflow` payload); the element's
 * confirm, which Slack shows whichever option is picked, is a step after each option.
 */
export function overflowToHtml(element: Json, blockId: string | undefined, names: Names): string {
  const options = Array.isArray(element.options) ? element.options.filter(isObject) : [];
  const items = options
    .map((option) => {
      const data = clickData({ ...element, value: option.value }, blockId);
      const label = textObjectToHtml(option.text, names);
      const control = `<button type="button" class="bk-button bk-overflow-option" role="menuitem" ${data}>${label}</button>`;
      return isObject(element.confirm) ? control + confirmStep(element.confirm, names) : control;
    })
    .join('');
  return (
    `<details class="bk-overflow"><summary class="bk-button" role="button" aria-label="More actions">…</summary>` +
    `<div class="bk-overflow-menu" role="menu">${items}</div></details>`
  );
}

/** Elements the page cannot act on are named, so a reviewer sees the bot sent something. */
export function elementToHtml(element: unknown, blockId: string | undefined, names: Names): string {
  if (!isObject(element)) return '';
  if (element.type === 'button') return buttonToHtml(element, blockId, names);
  if (element.type === 'overflow') return overflowToHtml(element, blockId, names);
  if (element.type === 'image') {
    return `<span class="bk-image">[image: ${escapeHtml(stringOf(element.alt_text))}]</span>`;
  }
  if (element.type === 'mrkdwn' || element.type === 'plain_text') {
    return `<span class="bk-text">${textObjectToHtml(element, names)}</span>`;
  }
  return `<span class="bk-unsupported">[${escapeHtml(stringOf(element.type) || 'element')}]</span>`;
}
