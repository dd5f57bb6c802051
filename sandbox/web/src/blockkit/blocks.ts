import { elementToHtml } from './elements';
import { escapeHtml } from './escape';
import { inputBlockToHtml } from './inputs';
import type { Names } from './names';
import { isObject, plainText, stringOf, textObjectToHtml } from './text';

type Json = Record<string, unknown>;

function section(block: Json, names: Names): string {
  const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
  const text =
    block.text === undefined ? '' : `<div class="bk-text">${textObjectToHtml(block.text, names)}</div>`;
  const fields = Array.isArray(block.fields)
    ? `<div class="bk-fields">${block.fields
        .map((field) => `<div class="bk-field">${textObjectToHtml(field, names)}</div>`)
        .join('')}</div>`
    : '';
  const accessory =
    block.accessory === undefined
      ? ''
      : `<div class="bk-accessory">${elementToHtml(block.accessory, blockId, names)}</div>`;
  return `<div class="bk-section"><div class="bk-section-main">${text}${fields}</div>${accessory}</div>`;
}

function elements(block: Json): unknown[] {
  return Array.isArray(block.elements) ? block.elements : [];
}

function blockToHtml(block: unknown, names: Names): string {
  if (!isObject(block)) return '';
  const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
  switch (block.type) {
    case 'header':
      return `<h3 class="bk-header">${textObjectToHtml(block.text, names)}</h3>`;
    case 'section':
      return section(block, names);
    case 'divider':
      return '<hr class="bk-divider">';
    case 'context':
      return `<div class="bk-context">${elements(block)
        .map((element) => elementToHtml(element, blockId, names))
        .join('')}</div>`;
    case 'actions':
      return `<div class="bk-actions">${elements(block)
        .map((element) => elementToHtml(element, blockId, names))
        .join('')}</div>`;
    case 'input':
      return inputBlockToHtml(block);
    case 'image':
      return `<div class="bk-image">[image: ${escapeHtml(stringOf(block.alt_text))}]${
        isObject(block.title) ? ` ${plainText(block.title)}` : ''
      }</div>`;
    default:
      return `<div class="bk-unsupported">[unsupported block: ${escapeHtml(stringOf(block.type) || 'unknown')}]</div>`;
  }
}

/** Block Kit to HTML: pure, DOM-free, and with every piece of text from the message escaped. */
export function blocksToHtml(blocks: readonly unknown[], names: Names): string {
  return blocks.map((block) => blockToHtml(block, names)).join('');
}
