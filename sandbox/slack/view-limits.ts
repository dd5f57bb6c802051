import { blockErrors, lengthErrors, limitError, textErrors } from './block-limits';

/** Slack's limits on a view object; a modal and a Home tab both hold 100 blocks. */
const MAX_VIEW_BLOCKS = 100;
const MAX_BUTTON_TEXT = 24;

export type ViewKind = 'modal' | 'home';

/**
 * What Slack would refuse in a view (`invalid_arguments`, with `[ERROR] ... [json-pointer:/view/...]`
 * lines), so that a view builder that breaks a limit fails here as it would in Slack.
 */
export function viewErrors(view: unknown, kind: ViewKind): string[] {
  if (typeof view !== 'object' || view === null || Array.isArray(view)) {
    return [limitError('must provide an object', '/view')];
  }
  const v = view as Record<string, unknown>;
  if (v.type !== kind) return [limitError(`must be ${kind}`, '/view/type')];
  const errors = blockErrors(v.blocks ?? [], { maxBlocks: MAX_VIEW_BLOCKS, pointer: '/view/blocks' });
  if (kind === 'modal') {
    errors.push(...textErrors(v.title, MAX_BUTTON_TEXT, '/view/title', 'plain_text'));
    for (const field of ['submit', 'close'] as const) {
      if (v[field] !== undefined) {
        errors.push(...textErrors(v[field], MAX_BUTTON_TEXT, `/view/${field}`, 'plain_text'));
      }
    }
    const hasInput = Array.isArray(v.blocks) && v.blocks.some((b) => isRecord(b) && b.type === 'input');
    if (hasInput && v.submit === undefined) {
      errors.push(limitError('must provide submit when using input blocks', '/view/submit'));
    }
  }
  if (v.private_metadata !== undefined) {
    errors.push(...lengthErrors(v.private_metadata, 3000, '/view/private_metadata'));
  }
  if (v.callback_id !== undefined) errors.push(...lengthErrors(v.callback_id, 255, '/view/callback_id'));
  if (v.external_id !== undefined) errors.push(...lengthErrors(v.external_id, 255, '/view/external_id'));
  return errors;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
