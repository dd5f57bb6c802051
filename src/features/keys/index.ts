import type { ApprovalService } from '../approvals/domain/approval-service';
import { KeyCreation } from '../creation/domain/key-creation';
import { KeyCommands } from './domain/key-commands';
import { KeyQueries } from './domain/key-queries';
import { KeyRotation } from '../rotation/domain/key-rotation';
import { boltLogger } from '../../platform/bolt/bolt-logger';
import { SlackRotationGuide } from '../rotation/slack/slack-rotation-guide';
import { createSecretClient, SlackSecretDelivery } from '../creation/slack/slack-secret-delivery';
import { invitationCodec, rotationCodec } from '../../platform/store/codecs';
import { DynamoCleanupStore } from '../creation/store/dynamo-cleanup-store';
import { DynamoDeliveries } from '../creation/store/dynamo-deliveries';
import { DynamoKeyHolds } from './store/dynamo-key-holds';
import { DynamoVersionedStore } from '../../platform/store/dynamo-versioned-store';
import type { FeatureContext } from '../../platform/feature-context';

export interface KeysFeature {
  queries: KeyQueries;
  commands: KeyCommands;
  creation: KeyCreation;
  rotation: KeyRotation;
}

/** Listing, status changes, creation with secret delivery, and rotation. */
export function createKeysFeature(
  context: FeatureContext,
  approvals: ApprovalService,
  options: { secretTimeoutMs?: number } = {},
): KeysFeature {
  const { config, accounts, people, audit, store, client, clock, log } = context;
  const holds = new DynamoKeyHolds(store.doc, store.tableName);
  const commands = new KeyCommands(accounts, holds, audit, clock, log);
  const creation = new KeyCreation({
    accounts,
    people,
    delivery: new SlackSecretDelivery(
      client,
      createSecretClient({
        botToken: config.slack.botToken,
        apiUrl: config.slack.apiUrl,
        logger: boltLogger(log),
        timeoutMs: options.secretTimeoutMs,
      }),
    ),
    deliveries: new DynamoDeliveries(store.doc, store.tableName),
    invitations: new DynamoVersionedStore(store.doc, store.tableName, invitationCodec),
    cleanups: new DynamoCleanupStore(store.doc, store.tableName),
    audit,
    clock,
    log,
  });
  const rotation = new KeyRotation({
    accounts,
    people,
    creation,
    commands,
    approvals,
    rotations: new DynamoVersionedStore(store.doc, store.tableName, rotationCodec),
    guide: new SlackRotationGuide(client, clock),
    audit,
    clock,
    log,
  });
  return { queries: new KeyQueries(accounts), commands, creation, rotation };
}
