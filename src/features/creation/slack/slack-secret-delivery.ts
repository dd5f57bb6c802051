import type { Account } from '../../../kernel/accounts';
import { WebClient, type Logger as SlackLogger } from '@slack/web-api';
import type { MessageRef } from '../../../kernel/message-ref';
import type { Invitation } from '../domain/invitation';
import type { SecretDelivery } from '../domain/ports/secret-delivery';
import type { NewKey } from '../../../kernel/ports/iam';
import type { SlackUserId } from '../../../kernel/types';
import { closedInvitationBlocks, invitationBlocks } from './invitation';
import { secretBlocks } from './secret';
import { SAFE_CLIENT_OPTIONS, type SharedClientOptions } from '../../../platform/slack/web-client-options';
import { openDm } from '../../../platform/slack/dm';

/** How long a secret may be on its way before the send counts as failed and the key is deleted again. */
export const SECRET_DELIVERY_TIMEOUT_MS = 10_000;

/**
 * The client secrets go out through: a secret is sent once, so no retries, and a rate limit or a
 * slow answer is a failure at once (the key is then deleted again) rather than a wait with the
 * secret in memory and the key active.
 */
export function createSecretClient(settings: {
  botToken: string;
  apiUrl?: string;
  logger: SlackLogger;
  /** Default SECRET_DELIVERY_TIMEOUT_MS; tests shorten it. */
  timeoutMs?: number;
  shared?: SharedClientOptions;
}): WebClient {
  return new WebClient(settings.botToken, {
    ...settings.shared,
    ...SAFE_CLIENT_OPTIONS,
    slackApiUrl: settings.apiUrl,
    timeout: settings.timeoutMs ?? SECRET_DELIVERY_TIMEOUT_MS,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: settings.logger,
  });
}

/**
 * Secrets and invitations through Slack. `secretClient` never retries: a secret is sent once,
 * and a failed or unclear send is answered by deleting the key, never by sending it again.
 */
export class SlackSecretDelivery implements SecretDelivery {
  constructor(
    private readonly client: WebClient,
    private readonly secretClient: WebClient,
  ) {}

  openDm(user: SlackUserId): Promise<string> {
    return openDm(this.client, user);
  }

  async deliverSecret(
    recipient: SlackUserId,
    dmChannel: string,
    newKey: NewKey,
    account: Account,
  ): Promise<void> {
    const reply = secretBlocks(newKey, account);
    await this.secretClient.chat.postEphemeral({
      channel: dmChannel,
      user: recipient,
      text: reply.text,
      blocks: reply.blocks,
    });
  }

  async sendInvitation(invitation: Invitation): Promise<MessageRef> {
    const channel = await openDm(this.client, invitation.ownerSlack);
    const reply = invitationBlocks(invitation);
    const answer = await this.client.chat.postMessage({ channel, text: reply.text, blocks: reply.blocks });
    if (!answer.ts) throw new Error('chat.postMessage returned no ts');
    return { channel: answer.channel ?? channel, ts: answer.ts };
  }

  async closeInvitation(invitation: Invitation, outcome: string): Promise<void> {
    if (!invitation.message) return;
    const reply = closedInvitationBlocks(invitation, outcome);
    await this.client.chat.update({ ...invitation.message, text: reply.text, blocks: reply.blocks });
  }
}
