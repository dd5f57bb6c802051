import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { IamState, type IamServer, type IamStateJson } from '../iam';
import { DEMO_ACCOUNTS, ownAccount, type DemoAccount } from './accounts';

/** The IAM actions that change an account; reads need no save. */
const MUTATING_ACTIONS = new Set(['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey']);

/** Every demo account in one file, by name, so one rename saves them all at once. */
interface AccountsFileJson {
  version: 2;
  accounts: Record<string, IamStateJson>;
}

/** Demo account name -> its state, in the policy's order. */
export type AccountStates = ReadonlyMap<string, IamState>;

/** A file from before accounts holds one IamState (version 1): the account it always was, dev's. */
function savedAccounts(text: string, accounts: readonly DemoAccount[]): Record<string, IamStateJson> {
  const json = JSON.parse(text) as AccountsFileJson | IamStateJson;
  if (json.version === 2) return json.accounts;
  const home = ownAccount(accounts) ?? accounts[0];
  return home ? { [home.name]: json } : {};
}

function restore(account: DemoAccount, json: IamStateJson): IamState {
  const state = IamState.fromJSON(json);
  if (state.accountId !== account.id) {
    throw new Error(`the saved ${account.name} account is ${state.accountId}, not ${account.id}`);
  }
  return state;
}

/**
 * The saved accounts; an account the file does not hold yet (a new file, or one saved before that
 * account was part of the demo) is freshly seeded, and the file saved at once.
 */
export function loadOrSeedAccounts(
  path: string,
  accounts: readonly DemoAccount[] = DEMO_ACCOUNTS,
): { states: AccountStates; seeded: string[] } {
  let saved: Record<string, IamStateJson> = {};
  try {
    saved = savedAccounts(readFileSync(path, 'utf8'), accounts);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const states = new Map<string, IamState>();
  const seeded: string[] = [];
  for (const account of accounts) {
    const json = saved[account.name];
    if (json) {
      states.set(account.name, restore(account, json));
      continue;
    }
    const state = new IamState({ accountId: account.id });
    account.seed(state);
    states.set(account.name, state);
    seeded.push(account.name);
  }
  if (seeded.length > 0) saveAccounts(path, states);
  return { states, seeded };
}

/** Written to a temporary file and renamed, so a Ctrl-C mid-write never leaves half an account. */
export function saveAccounts(path: string, states: AccountStates): void {
  mkdirSync(dirname(path), { recursive: true });
  const json: AccountsFileJson = {
    version: 2,
    accounts: Object.fromEntries([...states].map(([name, state]) => [name, state.toJSON()])),
  };
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(json, null, 2)}\n`);
  renameSync(temporary, path);
}

/**
 * Saves after every call that may have changed an account. The call log reports a call before its
 * answer is sent, so the file is current by the time the bot hears that IAM made the change.
 */
export function saveAfterMutations(
  server: IamServer,
  path: string,
  states: AccountStates,
  onError: (error: unknown) => void,
): () => void {
  return server.onCall((call) => {
    if (!MUTATING_ACTIONS.has(call.action)) return;
    // The call log swallows a listener's errors (so IAM still answers); say so here instead.
    try {
      saveAccounts(path, states);
    } catch (error) {
      onError(error);
    }
  });
}
