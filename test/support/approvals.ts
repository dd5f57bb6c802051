import {
  APPROVE_ACTION,
  APPROVE_WITH_NOTE_ACTION,
  REJECT_ACTION,
} from '../../src/features/approvals/slack/approval-request';
import { NOTE_ACTION, NOTE_BLOCK } from '../../src/features/approvals/slack/decision-modal';
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

/**
 * Waits until a condition holds, for effects that follow an ack. The bound only ends a wait that failed:
 * 15 s, because a loaded two-core CI machine can take seconds for what takes 50 ms here.
 */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Reject… or Approve with a note…: the click opens the decision modal, the person submits it, and
 * the answer arrives as an ephemeral message beside the request. Resolves with that answer's text
 * and the submission's HTTP answer (for `response_action: errors`).
 */
export async function decideInModal(
  bot: Bot,
  verb: 'approve' | 'reject',
  request: { requestId: string; message: { ts: string } },
  as: string,
  note: string,
) {
  // A fresh trigger opens a fresh modal, replacing one left open.
  const opened = bot.slack.calls('views.open').filter((call) => call.ok).length;
  await bot.driver.click(verb === 'reject' ? REJECT_ACTION : APPROVE_WITH_NOTE_ACTION, request.requestId, {
    userId: as,
    channelId: 'C0APPROVALS',
    messageTs: request.message.ts,
  });
  await eventually(() => bot.slack.calls('views.open').filter((call) => call.ok).length > opened);
  const modal = bot.slack.openViews(as).at(-1) as { id: string; callback_id?: string };
  const answers = () =>
    bot.slack
      .calls('chat.postEphemeral')
      .filter((call) => call.params.user === as && call.params.channel === 'C0APPROVALS');
  const before = answers().length;
  const submitted = await bot.driver.submitView(
    modal.id,
    { [NOTE_BLOCK]: { [NOTE_ACTION]: note } },
    { userId: as },
  );
  if (submitted.body && 'response_action' in submitted.body && submitted.body.response_action === 'errors') {
    return { answer: '', submitted };
  }
  await eventually(() => answers().length > before);
  return { answer: String(answers().at(-1)?.params.text ?? ''), submitted };
}
