import type { ActionsBlock } from '@slack/types';
import type { Page, PagePosition } from '../../../kernel/page';
import { actions, button } from './primitives';

export const PREVIOUS_TEXT = 'Previous';
export const NEXT_TEXT = 'Next';

/** Previous / Next under a page, each where there is a page that way; none on a single page. */
export function pageButtons(
  page: Page<unknown>,
  spec: { previousAction: string; nextAction: string; value: (at: PagePosition) => string; blockId: string },
): ActionsBlock[] {
  const buttons = [];
  if (page.previous) {
    buttons.push(
      button({ text: PREVIOUS_TEXT, actionId: spec.previousAction, value: spec.value(page.previous) }),
    );
  }
  if (page.next) {
    buttons.push(button({ text: NEXT_TEXT, actionId: spec.nextAction, value: spec.value(page.next) }));
  }
  return buttons.length > 0 ? [actions(buttons, spec.blockId)] : [];
}
