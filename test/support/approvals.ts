import { APPROVE_ACTION } from '../../src/slack/blocks/approval-request';
import type { Bot } from './bot';

/** The approval message the bot posted for a key, with its request id read from the Approve button. */
export function approvalMessageFor(bot: Bot, keyId: string) {
  const message = bot.slack
    .messages('C0APPROVALS')
    .filter((candidate) => JSON.stringify(candidate.blocks ?? []).includes(keyId))
    .at(-1);
  if (!message) throw new Error(`no approval message for ${keyId}`);
  const requestId =
    /"request `([0-9a-f-]{36})`/.exec(JSON.stringify(message.blocks))?.[1] ?? findButtonValue(message.blocks);
  return { message, requestId };
}

function findButtonValue(blocks: unknown[] | undefined): string {
  for (const block of (blocks ?? []) as {
    type: string;
    elements?: { action_id?: string; value?: string }[];
  }[]) {
    const approve = block.elements?.find((element) => element.action_id === APPROVE_ACTION);
    if (approve?.value) return approve.value;
  }
  throw new Error('no Approve button');
}

/** Waits until a condition holds, for effects that follow an ack. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
