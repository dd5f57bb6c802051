import type { SlackViewView } from '../../../page-server/api';
import { blocksToHtml, escapeHtml, type Names } from '../blockkit';
import { plainText } from '../blockkit/text';

/** A modal as Slack draws it over the workspace: title, blocks, then Cancel and Submit. */
export function modalHtml(view: SlackViewView, names: Names): string {
  const title = plainText(view.title) || 'Keywarden';
  const close = plainText(view.close) || 'Cancel';
  const submit = view.submit === undefined ? '' : plainText(view.submit) || 'Submit';
  return (
    `<form class="modal" role="dialog" aria-modal="true" aria-label="${title}" data-view-id="${escapeHtml(view.id)}" novalidate>` +
    `<header class="modal-header"><h2 class="modal-title">${title}</h2></header>` +
    `<div class="modal-body">${blocksToHtml(view.blocks, names)}</div>` +
    `<p class="modal-error" role="alert" hidden></p>` +
    `<footer class="modal-footer"><button type="button" class="bk-button" data-modal-cancel>${close}</button>` +
    (submit ? `<button type="submit" class="bk-button bk-button-primary">${submit}</button>` : '') +
    `</footer></form>`
  );
}

/** What the person typed, by block_id and action_id, as the page server takes it. */
export function modalValues(form: HTMLElement): Record<string, Record<string, string>> {
  const values: Record<string, Record<string, string>> = {};
  for (const input of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-input-block]')) {
    const { inputBlock, inputAction } = input.dataset;
    if (inputBlock === undefined || inputAction === undefined) continue;
    const block = (values[inputBlock] ??= {});
    if (input.dataset.checkbox !== undefined && input instanceof HTMLInputElement) {
      // Checkboxes: the ticked options' values, one a line ('' when none is ticked).
      const ticked = block[inputAction] ? block[inputAction].split('\n') : [];
      if (input.checked) ticked.push(input.value);
      block[inputAction] = ticked.join('\n');
      continue;
    }
    block[inputAction] = input.value;
  }
  return values;
}

/** Shows the bot's `response_action: errors` under each input it names; clears the others. */
export function showModalErrors(form: HTMLElement, errors: Record<string, string>): void {
  for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
    const message = errors[slot.dataset.errorFor ?? ''];
    slot.textContent = message ?? '';
    slot.hidden = message === undefined;
  }
}
