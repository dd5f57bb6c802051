import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { IamState, type IamServer, type IamStateJson } from '../iam';
import { seedDemoAccount } from './account';

/** The IAM actions that change the account; reads need no save. */
const MUTATING_ACTIONS = new Set(['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey']);

/** The saved account, or a freshly seeded demo account (saved at once) when there is none yet. */
export function loadOrSeedIam(path: string): { state: IamState; seeded: boolean } {
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined)
    return { state: IamState.fromJSON(JSON.parse(text) as IamStateJson), seeded: false };
  const state = new IamState();
  seedDemoAccount(state);
  saveIam(path, state);
  return { state, seeded: true };
}

/** Written to a temporary file and renamed, so a Ctrl-C mid-write never leaves half an account. */
export function saveIam(path: string, state: IamState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state.toJSON(), null, 2)}\n`);
  renameSync(temporary, path);
}

/**
 * Saves after every call that may have changed the account. The call log reports a call before its
 * answer is sent, so the file is current by the time the bot hears that IAM made the change.
 */
export function saveAfterMutations(
  server: IamServer,
  path: string,
  onError: (error: unknown) => void,
): () => void {
  return server.onCall((call) => {
    if (!MUTATING_ACTIONS.has(call.action)) return;
    // The call log swallows a listener's errors (so IAM still answers); say so here instead.
    try {
      saveIam(path, server.state);
    } catch (error) {
      onError(error);
    }
  });
}
