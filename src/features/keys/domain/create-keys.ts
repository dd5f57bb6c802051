import type { Logger } from '../../../kernel/logger';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { Clock } from '../../../kernel/types';
import { Auditor } from '../../../kernel/auditor';
import { KeyCommands } from './key-commands';
import { KeyQueries } from './key-queries';
import type { KeyHolds } from './ports/key-holds';

export interface KeysPorts {
  accounts: IamAccounts;
  holds: KeyHolds;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

/**
 * The keys slice's domain built from its ports alone: install() passes the DynamoDB and AWS
 * adapters, the unit tests pass fakes, so both run the same wiring.
 */
export function createKeysDomain(ports: KeysPorts): { commands: KeyCommands; queries: KeyQueries } {
  const { accounts, holds, audit, clock, log } = ports;
  return {
    commands: new KeyCommands(accounts, holds, audit, clock, log),
    queries: new KeyQueries(accounts, clock, new Auditor(audit, clock, log)),
  };
}
