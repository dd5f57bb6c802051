import { createKeysDomain } from './domain/create-keys';
import type { KeyCommands } from './domain/key-commands';
import type { KeyQueries } from './domain/key-queries';
import { keyStatusButton } from './slack/key-buttons';
import { KEY_ACTIVATE_ACTION, KEY_DEACTIVATE_ACTION } from './slack/key-list';
import { DynamoKeyHolds } from './store/dynamo-key-holds';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';

export interface KeysApi {
  queries: KeyQueries;
  commands: KeyCommands;
}

/** Listing and status changes of keys, and the buttons next to each listed key. */
export function install(slack: SlackSurfaces, context: FeatureContext): KeysApi {
  const { accounts, audit, store, clock, log } = context;
  const holds = new DynamoKeyHolds(store.doc, store.tableName);
  const { commands, queries } = createKeysDomain({ accounts, holds, audit, clock, log });
  slack.buttons.on(KEY_ACTIVATE_ACTION, keyStatusButton('Active', commands));
  slack.buttons.on(KEY_DEACTIVATE_ACTION, keyStatusButton('Inactive', commands));
  return { queries, commands };
}

// What higher slices show of keys, and the button they answer (Request deletion is the approvals').
export type { KeyCommands } from './domain/key-commands';
export type { KeyQueries } from './domain/key-queries';
export { userNowhere } from './domain/key-queries';
export {
  everyAccountListBlocks,
  keyListBlocks,
  KEY_DEACTIVATE_ACTION,
  KEY_DELETE_ACTION,
} from './slack/key-list';
export { lastUsedBlocks } from './slack/last-used';
export { statusChangeBlocks } from './slack/status-change';
export type { KeysRefusal } from './domain/refusals';
