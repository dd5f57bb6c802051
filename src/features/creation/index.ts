import { createCreationDomain } from './domain/create-creation';
import type { KeyCreation } from './domain/key-creation';
import { acceptInvitationButton, hideSecretButton, type InvitationAccepted } from './slack/creation-buttons';
import { HIDE_SECRET_ACTION } from './slack/secret';
import { ACCEPT_INVITATION_ACTION } from './slack/invitation';
import { createSecretClient, SlackSecretDelivery } from './slack/slack-secret-delivery';
import { DynamoCleanupStore } from './store/dynamo-cleanup-store';
import { DynamoDeliveries } from './store/dynamo-deliveries';
import { invitationCodec } from './store/invitation-codec';
import { boltLogger } from '../../platform/bolt/bolt-logger';
import { DynamoVersionedStore } from '../../platform/store/dynamo-versioned-store';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';

export interface CreationApi {
  creation: KeyCreation;
  /** Finishes what failed creates left open (undelivered keys, unclear creates); part of the sweep. */
  sweep(): ReturnType<KeyCreation['sweep']>;
  /** Called after an invitation's key was delivered to its owner (a rotation registers its next step). */
  onInvitationAccepted(next: InvitationAccepted): void;
}

/** Creating keys, with the secret delivered once to its owner, and the owner's "Create my key". */
export function install(
  slack: SlackSurfaces,
  context: FeatureContext,
  options: { secretTimeoutMs?: number } = {},
): CreationApi {
  const { config, accounts, people, audit, store, client, slackClientOptions, clock, log } = context;
  const { creation } = createCreationDomain({
    accounts,
    people,
    delivery: new SlackSecretDelivery(
      client,
      createSecretClient({
        botToken: config.slack.botToken,
        apiUrl: config.slack.apiUrl,
        logger: boltLogger(log),
        timeoutMs: options.secretTimeoutMs,
        shared: slackClientOptions,
      }),
    ),
    deliveries: new DynamoDeliveries(store.doc, store.tableName),
    invitations: new DynamoVersionedStore(store.doc, store.tableName, invitationCodec),
    cleanups: new DynamoCleanupStore(store.doc, store.tableName),
    audit,
    clock,
    log,
  });
  const accepted: InvitationAccepted[] = [];
  slack.buttons.on(ACCEPT_INVITATION_ACTION, acceptInvitationButton(creation, accepted));
  slack.buttons.on(HIDE_SECRET_ACTION, hideSecretButton);
  return {
    creation,
    sweep: () => creation.sweep(),
    onInvitationAccepted: (next) => void accepted.push(next),
  };
}

// What higher slices show of a new key.
export type { KeyCreation } from './domain/key-creation';
export { createdBlocks, rotationStartedBlocks } from './slack/created';
export type { CreationRefusal } from './domain/refusals';
export { keyLimitText } from './slack/texts';
