import type { Access } from '../../../access/access';
import type { Actor } from '../../../access/actor';
import { resolveTarget } from '../../../access/target';
import type { KeysCommand } from '../../../keys/command';
import type { ApprovalService } from '../../../keys/approvals/approval-service';
import type { AuditQueries } from '../../../keys/audit/audit-queries';
import type { KeyCreation } from '../../../keys/creation/key-creation';
import type { KeyCommands } from '../../../keys/key-commands';
import type { KeyRotation } from '../../../keys/rotation/key-rotation';
import type { KeyQueries } from '../../../keys/key-queries';
import type { Outcome } from '../../../keys/outcome';
import type { Clock } from '../../../keys/types';
import { pendingListBlocks, requestOpenedBlocks } from '../../blocks/approval-request';
import { auditBlocks } from '../../blocks/audit';
import { helpBlocks } from '../../blocks/help';
import { keyListBlocks } from '../../blocks/key-list';
import { lastUsedBlocks } from '../../blocks/last-used';
import { plainReply, type Reply } from '../../blocks/primitives';
import { createdBlocks, rotationStartedBlocks } from '../../blocks/created';
import { statusChangeBlocks } from '../../blocks/status-change';
import { refusalText } from '../../blocks/texts';
import { staleReply, type StaleCommandDeps } from './stale';

export interface CommandDeps {
  access: Access;
  queries: KeyQueries;
  commands: KeyCommands;
  approvals: ApprovalService;
  creation: KeyCreation;
  rotation: KeyRotation;
  auditQueries: AuditQueries;
  stale: StaleCommandDeps;
  approvalsChannel?: string;
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
  return render(await deps.queries.list(actor, owner.value), (listing) =>
    keyListBlocks(listing, deps.clock.now(), { deletionButton: deps.approvalsChannel !== undefined }),
  );
};

const lastUsed: Handler<'last-used'> = async (deps, actor, command) =>
  render(await deps.queries.lastUsed(actor, command.keyId), (view) => lastUsedBlocks(view, deps.clock.now()));

const create: Handler<'create'> = async (deps, actor, command) => {
  const owner = await resolveTarget(deps.access, actor, command.user);
  if (!owner.ok) return plainReply(refusalText(owner.refusal));
  return render(await deps.creation.create(actor, owner.value), createdBlocks);
};

const rotate: Handler<'rotate'> = async (deps, actor, command) => {
  const owner = await resolveTarget(deps.access, actor, command.user);
  if (!owner.ok) return plainReply(refusalText(owner.refusal));
  return render(await deps.rotation.start(actor, owner.value), ({ created }) =>
    rotationStartedBlocks(created),
  );
};

const activate: Handler<'activate'> = async (deps, actor, command) =>
  render(await deps.commands.setStatus(actor, command.keyId, 'Active'), statusChangeBlocks);

const deactivate: Handler<'deactivate'> = async (deps, actor, command) =>
  render(await deps.commands.setStatus(actor, command.keyId, 'Inactive'), statusChangeBlocks);

const deleteKey: Handler<'delete'> = async (deps, actor, command) =>
  render(await deps.approvals.request(actor, command.keyId, command.reason), (request) =>
    requestOpenedBlocks(request, deps.approvalsChannel ?? ''),
  );

const approvals: Handler<'approvals'> = async (deps, actor) =>
  render(await deps.approvals.pending(actor), (requests) => pendingListBlocks(requests, deps.clock.now()));

const audit: Handler<'audit'> = async (deps, actor, command) => {
  const target = command.target;
  if (target && 'keyId' in target) {
    return render(await deps.auditQueries.recent(actor, { keyId: target.keyId }), (events) =>
      auditBlocks(events, target.keyId),
    );
  }
  if (target) {
    const owner = await resolveTarget(deps.access, actor, target);
    if (!owner.ok) return plainReply(refusalText(owner.refusal));
    return render(await deps.auditQueries.recent(actor, { owner: owner.value }), (events) =>
      auditBlocks(events, owner.value),
    );
  }
  return render(await deps.auditQueries.recent(actor), (events) => auditBlocks(events));
};

const stale: Handler<'stale'> = async (deps, actor) => staleReply(deps.stale, actor);

/** One handler per subcommand: each turns a parsed command into the reply its asker sees. */
export const HANDLERS: { [K in KeysCommand['kind']]?: Handler<K> } = {
  help,
  list,
  'last-used': lastUsed,
  create,
  rotate,
  activate,
  deactivate,
  delete: deleteKey,
  approvals,
  audit,
  stale,
};

export async function runCommand(deps: CommandDeps, actor: Actor, command: KeysCommand): Promise<Reply> {
  const handler = HANDLERS[command.kind] as Handler<typeof command.kind> | undefined;
  if (!handler) return plainReply(`\`/keys ${command.kind}\` is not available in this version of Keywarden.`);
  return handler(deps, actor, command);
}
