/**
 * The keys slice's domain door: what the domain of a higher slice may use. Its adapters stay behind
 * the slice's index.ts (install), so importing this brings no Slack, store or SDK code.
 */
export type { KeyCommands, KnownKey, StatusChange } from './key-commands';
export type { KeyQueries } from './key-queries';
export type { KeyStatusChanged, KeyStatusListener } from './key-status-listeners';
export type { KeysRefusal } from './refusals';
