import type { Actor } from '../../../kernel/authorization';
import { Auditor } from '../../../kernel/auditor';
import type { Logger } from '../../../kernel/logger';
import { refused, type AnyRefusal, type Outcome } from '../../../kernel/outcome';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { Clock, KeyId } from '../../../kernel/types';
import type { KeyCommands, KeyQueries, StatusChange } from '../../keys/domain';

/** The audit detail of a non-admin's `deactivate_key` run. */
export const ADMINS_ONLY = 'deactivate_key is for admins';

export interface KeyStepsDeps {
  commands: Pick<KeyCommands, 'setStatus'>;
  queries: Pick<KeyQueries, 'lastUsed'>;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

/** `deactivate_key` and `key_status`: the keys slice's own services, behind the steps' stricter rules. */
export class KeySteps {
  private readonly auditor: Auditor;

  constructor(private readonly deps: KeyStepsDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  /**
   * Admins only, whoever the key's owner is: a workflow runs for whoever starts it, so a step that
   * turns keys off is not self-service. An admin's deactivation puts the key under hold, as `/keys` does.
   */
  async deactivate(actor: Actor, keyId: KeyId, reason: string): Promise<Outcome<StatusChange, AnyRefusal>> {
    if (!actor.isAdmin) {
      await this.auditor.record(actor, 'deactivate', 'refused', {
        keyId,
        detail: `not-allowed: ${ADMINS_ONLY}`,
      });
      return refused({ reason: 'not-allowed' });
    }
    return this.deps.commands.setStatus(actor, keyId, 'Inactive', { reason: `workflow step: ${reason}` });
  }

  /** Whose key, where, its status and last use, for whoever may see the key (never a secret). */
  status(actor: Actor, keyId: KeyId) {
    return this.deps.queries.lastUsed(actor, keyId);
  }
}
