import { KeySnoozes } from './key-snoozes';
import type { SnoozeStore } from './ports/snooze-store';
import { StaleKeyActions, type StaleKeyActionsDeps } from './stale-key-actions';

export interface ReportActionsPorts extends StaleKeyActionsDeps {
  snoozes: SnoozeStore;
}

/**
 * What a person does from a report (deactivate, request deletion, rotate, snooze), built from its
 * ports and the lower slices' domain services alone: install() passes the DynamoDB adapters, the
 * unit tests pass fakes. (The scheduled runs need AWS scanners and stay in install.)
 */
export function createReportActionsDomain(ports: ReportActionsPorts): {
  staleActions: StaleKeyActions;
  snoozes: KeySnoozes;
} {
  const { snoozes, ...deps } = ports;
  return {
    staleActions: new StaleKeyActions(deps),
    snoozes: new KeySnoozes({ ...deps, store: snoozes }),
  };
}
