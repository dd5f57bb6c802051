import type { Access } from '../../../access/access';
import type { Actor } from '../../../access/actor';
import { resolveTarget } from '../../../access/target';
import type { KeysCommand } from '../../../keys/command';
import type { KeyQueries } from '../../../keys/key-queries';
import type { Outcome } from '../../../keys/outcome';
import type { Clock } from '../../../keys/types';
import { helpBlocks } from '../../blocks/help';
import { keyListBlocks } from '../../blocks/key-list';
import { lastUsedBlocks } from '../../blocks/last-used';
import { plainReply, type Reply } from '../../blocks/primitives';
import { refusalText } from '../../blocks/texts';

export interface CommandDeps {
  access: Access;
  queries: KeyQueries;
  clock: Clock;
}

type Handler<K extends KeysCommand['kind']> = (
  deps: CommandDeps,
  actor: Actor,
  command: Extract<KeysCommand, { kind: K }>,
) => Promise<Reply>;

function render<T>(outcome: Outcome<T>, onDone: (value: T) => Reply): Reply {
  return outcome.ok ? onDone(outcome.value) : plainReply(refusalText(outcome.refusal));
}

const help: Handler<'help'> = async () => helpBlocks();

const list: Handler<'list'> = async (deps, actor, command) => {
  const owner = await resolveTarget(deps.access, actor, command.user);
  if (!owner.ok) return plainReply(refusalText(owner.refusal));
  return render(await deps.queries.list(actor, owner.value), (listing) => keyListBlocks(listing, deps.clock.now()));
};

const lastUsed: Handler<'last-used'> = async (deps, actor, command) =>
  render(await deps.queries.lastUsed(actor, command.keyId), (view) => lastUsedBlocks(view, deps.clock.now()));

/** One handler per subcommand: each turns a parsed command into the reply its asker sees. */
export const HANDLERS: { [K in KeysCommand['kind']]?: Handler<K> } = {
  help,
  list,
  'last-used': lastUsed,
};

export async function runCommand(deps: CommandDeps, actor: Actor, command: KeysCommand): Promise<Reply> {
  const handler = HANDLERS[command.kind] as Handler<typeof command.kind> | undefined;
  if (!handler) return plainReply(`\`/keys ${command.kind}\` is not available in this version of Keywarden.`);
  return handler(deps, actor, command);
}
