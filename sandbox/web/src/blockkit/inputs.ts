import { escapeHtml } from './escape';
import { isObject, plainText, stringOf } from './text';

type Json = Record<string, unknown>;

function attribute(name: string, value: unknown): string {
  return typeof value === 'string' && value !== '' ? ` ${name}="${escapeHtml(value)}"` : '';
}

function control(element: Json, id: string, data: string): string {
  const placeholder = isObject(element.placeholder)
    ? attribute('placeholder', stringOf(element.placeholder.text))
    : '';
  const initial = stringOf(element.initial_value);
  if (element.type === 'number_input') {
    const step = element.is_decimal_allowed === true ? 'any' : '1';
    return (
      `<input id="${id}" type="number" step="${step}"${attribute('min', element.min_value)}` +
      `${attribute('max', element.max_value)}${attribute('value', initial)}${placeholder} ${data}>`
    );
  }
  const maxLength = typeof element.max_length === 'number' ? ` maxlength="${element.max_length}"` : '';
  if (element.multiline === true) {
    return `<textarea id="${id}" rows="3"${maxLength}${placeholder} ${data}>${escapeHtml(initial)}</textarea>`;
  }
  return `<input id="${id}" type="text"${maxLength}${attribute('value', initial)}${placeholder} ${data}>`;
}

/** Checkboxes: one box an option, ticked where the element's initial_options say so. */
function checkboxes(element: Json, id: string, data: string): string {
  const options = Array.isArray(element.options) ? element.options.filter(isObject) : [];
  const initial = new Set(
    (Array.isArray(element.initial_options) ? element.initial_options.filter(isObject) : []).map((option) =>
      stringOf(option.value),
    ),
  );
  return options
    .map((option, index) => {
      const value = stringOf(option.value);
      const description = isObject(option.description)
        ? ` <span class="bk-input-hint">${plainText(option.description)}</span>`
        : '';
      return (
        `<label class="bk-checkbox"><input id="${id}${index === 0 ? '' : `-${index}`}" type="checkbox"` +
        `${attribute('value', value)}${initial.has(value) ? ' checked' : ''} data-checkbox ${data}> ` +
        `${plainText(option.text)}</label>${description}`
      );
    })
    .join('');
}

/**
 * An input block: its label, the control, and room for the message a refused submission puts under it.
 * plain_text_input, number_input and checkboxes are filled in on the page; other elements are named.
 */
export function inputBlockToHtml(block: Json): string {
  const blockId = stringOf(block.block_id);
  const element = isObject(block.element) ? block.element : {};
  const actionId = stringOf(element.action_id);
  const id = `bk-input-${escapeHtml(blockId)}-${escapeHtml(actionId)}`;
  const label = `<label class="bk-input-label" for="${id}">${plainText(block.label)}${
    block.optional === true ? ' <span class="bk-optional">(optional)</span>' : ''
  }</label>`;
  const hint = isObject(block.hint) ? `<p class="bk-input-hint">${plainText(block.hint)}</p>` : '';
  const error = `<p class="bk-input-error" role="alert" data-error-for="${escapeHtml(blockId)}" hidden></p>`;
  const known = element.type === 'plain_text_input' || element.type === 'number_input';
  const data = `data-input-block="${escapeHtml(blockId)}" data-input-action="${escapeHtml(actionId)}"`;
  const input =
    element.type === 'checkboxes'
      ? checkboxes(element, id, data)
      : known
        ? control(element, id, data)
        : `<span class="bk-unsupported">[${escapeHtml(stringOf(element.type) || 'element')}]</span>`;
  return `<div class="bk-input">${label}${input}${hint}${error}</div>`;
}
