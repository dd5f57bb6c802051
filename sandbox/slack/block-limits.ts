/**
 * The Block Kit limits Slack enforces on messages, so that a builder that breaks one fails here the way it
 * would in Slack (`invalid_blocks`, with `[ERROR] ... [json-pointer:...]` lines), not only in production.
 * Only the block and element types Keywarden uses are checked in depth; others pass, as Slack has many more.
 */
const MAX_BLOCKS = 50;

/** Where the blocks sit: a message's top level (50 at most), or a view's (`/view/blocks`, 100 at most). */
export interface BlockSurface {
  maxBlocks: number;
  pointer: string;
}

const MESSAGE: BlockSurface = { maxBlocks: MAX_BLOCKS, pointer: '/blocks' };

export function blockErrors(blocks: unknown, surface: BlockSurface = MESSAGE): string[] {
  const { maxBlocks, pointer } = surface;
  if (!Array.isArray(blocks)) return [error('must be an array', pointer)];
  const errors: string[] = [];
  if (blocks.length > maxBlocks) errors.push(error(`must provide no more than ${maxBlocks} items`, pointer));
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `${pointer}/${i}`;
    if (!isObject(block) || typeof block.type !== 'string') {
      errors.push(error('must provide a block type', at));
      return;
    }
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id))
        errors.push(error(`duplicate block_id ${block.block_id}`, `${at}/block_id`));
      blockIds.add(block.block_id);
      maxLength(errors, block.block_id, 255, `${at}/block_id`);
    }
    errors.push(...blockLimits(block, at));
  });
  return errors;
}

function blockLimits(block: Record<string, unknown>, at: string): string[] {
  const errors: string[] = [];
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        errors.push(error('must provide either text or fields', at));
      }
      if (block.text !== undefined) textObject(errors, block.text, 3000, `${at}/text`);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) errors.push(error('must be an array', `${at}/fields`));
        else {
          if (block.fields.length > 10)
            errors.push(error('must provide no more than 10 items', `${at}/fields`));
          block.fields.forEach((f, j) => textObject(errors, f, 2000, `${at}/fields/${j}`));
        }
      }
      if (block.accessory !== undefined) element(errors, block.accessory, `${at}/accessory`);
      break;
    }
    case 'header':
      textObject(errors, block.text, 150, `${at}/text`, 'plain_text');
      break;
    case 'actions':
      elements(errors, block.elements, 25, `${at}/elements`, true);
      break;
    case 'context':
      elements(errors, block.elements, 10, `${at}/elements`, false);
      break;
    case 'input':
      textObject(errors, block.label, 2000, `${at}/label`, 'plain_text');
      element(errors, block.element, `${at}/element`);
      break;
    default:
      break;
  }
  return errors;
}

function elements(errors: string[], list: unknown, max: number, at: string, interactive: boolean): void {
  if (!Array.isArray(list) || list.length === 0) {
    errors.push(error('must provide at least 1 item', at));
    return;
  }
  if (list.length > max) errors.push(error(`must provide no more than ${max} items`, at));
  const actionIds = new Set<string>();
  list.forEach((item, j) => {
    if (interactive) element(errors, item, `${at}/${j}`);
    else if (isObject(item) && (item.type === 'mrkdwn' || item.type === 'plain_text')) {
      textObject(errors, item, 3000, `${at}/${j}`);
    }
    if (isObject(item) && typeof item.action_id === 'string') {
      if (actionIds.has(item.action_id)) {
        errors.push(error(`duplicate action_id ${item.action_id}`, `${at}/${j}/action_id`));
      }
      actionIds.add(item.action_id);
    }
  });
}

function element(errors: string[], item: unknown, at: string): void {
  if (!isObject(item) || typeof item.type !== 'string') {
    errors.push(error('must provide an element type', at));
    return;
  }
  if (typeof item.action_id === 'string') maxLength(errors, item.action_id, 255, `${at}/action_id`);
  if (item.type !== 'button') return;
  textObject(errors, item.text, 75, `${at}/text`, 'plain_text');
  if (item.value !== undefined) maxLength(errors, item.value, 2000, `${at}/value`);
  if (item.url !== undefined) maxLength(errors, item.url, 3000, `${at}/url`);
  if (item.style !== undefined && item.style !== 'primary' && item.style !== 'danger') {
    errors.push(error('must be one of: primary, danger', `${at}/style`));
  }
  if (item.confirm !== undefined) {
    const confirm = item.confirm;
    if (!isObject(confirm)) errors.push(error('must be an object', `${at}/confirm`));
    else {
      textObject(errors, confirm.title, 100, `${at}/confirm/title`, 'plain_text');
      textObject(errors, confirm.text, 300, `${at}/confirm/text`);
      textObject(errors, confirm.confirm, 30, `${at}/confirm/confirm`, 'plain_text');
      textObject(errors, confirm.deny, 30, `${at}/confirm/deny`, 'plain_text');
      if (confirm.style !== undefined && confirm.style !== 'primary' && confirm.style !== 'danger') {
        errors.push(error('must be "primary" or "danger"', `${at}/confirm/style`));
      }
    }
  }
}

/** A text object's limits, e.g. a view's title, with Slack's `[ERROR] ...` lines. */
export function textErrors(text: unknown, max: number, pointer: string, only?: 'plain_text'): string[] {
  const errors: string[] = [];
  textObject(errors, text, max, pointer, only);
  return errors;
}

/** A string field's length limit, e.g. a view's private_metadata. */
export function lengthErrors(value: unknown, max: number, pointer: string): string[] {
  const errors: string[] = [];
  maxLength(errors, value, max, pointer);
  return errors;
}

export function limitError(message: string, pointer: string): string {
  return error(message, pointer);
}

function textObject(errors: string[], text: unknown, max: number, at: string, only?: 'plain_text'): void {
  if (!isObject(text) || (text.type !== 'plain_text' && text.type !== 'mrkdwn')) {
    errors.push(error('must provide a text object (plain_text or mrkdwn)', at));
    return;
  }
  if (only && text.type !== only) errors.push(error(`must be a ${only} text object`, `${at}/type`));
  if (typeof text.text !== 'string' || text.text.length === 0) {
    errors.push(error('must be more than 0 characters', `${at}/text`));
    return;
  }
  maxLength(errors, text.text, max, `${at}/text`);
}

function maxLength(errors: string[], value: unknown, max: number, at: string): void {
  if (typeof value !== 'string') errors.push(error('must be a string', at));
  else if (value.length > max) errors.push(error(`must be less than ${max + 1} characters`, at));
}

function error(message: string, pointer: string): string {
  return `[ERROR] ${message} [json-pointer:${pointer}]`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
