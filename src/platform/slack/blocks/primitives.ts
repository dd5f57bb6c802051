import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  SectionBlock,
} from '@slack/types';

/** Block Kit's own limits; builders cut to these rather than let Slack reject a whole message. */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  confirmText: 300,
} as const;

/** What a builder returns: blocks, and the plain text Slack shows in notifications and fallbacks. */
export interface Reply {
  text: string;
  blocks: KnownBlock[];
  /** The words of a refusal (refusalReply): the listener that sends it counts its request as refused. */
  refused?: true;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Every mrkdwn object is verbatim: Slack then links only what a builder wrote as <...>, never a bare
 * URL or #channel name that arrived inside text from people or IAM (see user-text.ts for the rest).
 */
function mrkdwn(text: string, max: number): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, max), verbatim: true };
}

export function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true },
  };
}

export function section(text: string, accessory?: Button): SectionBlock {
  const block: SectionBlock = {
    type: 'section',
    text: mrkdwn(text, LIMITS.sectionText),
  };
  if (accessory) block.accessory = accessory;
  return block;
}

export function fields(...texts: string[]): SectionBlock {
  return {
    type: 'section',
    fields: texts.slice(0, LIMITS.sectionFields).map((text) => mrkdwn(text, LIMITS.fieldText)),
  };
}

export function context(...texts: string[]): ContextBlock {
  return {
    type: 'context',
    elements: texts.slice(0, LIMITS.contextElements).map((text) => mrkdwn(text, LIMITS.sectionText)),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export interface ButtonSpec {
  text: string;
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
  /** A link button: Slack opens it in the browser (and still sends the click, which must be acked). */
  url?: string;
  /**
   * A confirm dialog guards an action that is hard to take back, so its button is red (`danger`)
   * unless `style` says otherwise (a withdrawal, which keeps the key, is `primary`).
   */
  confirm?: { title: string; text: string; confirm: string; deny?: string; style?: 'primary' | 'danger' };
}

export function button(spec: ButtonSpec): Button {
  if (spec.value.length > LIMITS.buttonValue)
    throw new Error(`button value over ${LIMITS.buttonValue} characters`);
  const element: Button = {
    type: 'button',
    text: { type: 'plain_text', text: truncate(spec.text, LIMITS.buttonText), emoji: true },
    action_id: spec.actionId,
    value: spec.value,
  };
  if (spec.style) element.style = spec.style;
  if (spec.url) element.url = spec.url;
  if (spec.confirm) {
    element.confirm = {
      title: { type: 'plain_text', text: spec.confirm.title },
      text: mrkdwn(spec.confirm.text, LIMITS.confirmText),
      confirm: { type: 'plain_text', text: spec.confirm.confirm },
      deny: { type: 'plain_text', text: spec.confirm.deny ?? 'Cancel' },
      style: spec.confirm.style ?? 'danger',
    };
  }
  return element;
}

export function actions(elements: Button[], blockId?: string): ActionsBlock {
  const block: ActionsBlock = { type: 'actions', elements: elements.slice(0, LIMITS.actionsElements) };
  if (blockId) block.block_id = blockId;
  return block;
}

/** Keeps a message within the block limit, saying so in its last block when it had to cut. */
export function withinBlockLimit(blocks: KnownBlock[], more: string): KnownBlock[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  return [...blocks.slice(0, LIMITS.blocks - 1), context(more)];
}

export function plainReply(mrkdwn: string): Reply {
  return { text: mrkdwn, blocks: [section(mrkdwn)] };
}
