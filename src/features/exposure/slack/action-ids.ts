/** The incident card's buttons; each carries the key id, re-checked on click. */
export const INCIDENT_DELETE_ACTION = 'exposure.request_deletion';
export const INCIDENT_REACTIVATE_ACTION = 'exposure.reactivate';
export const INCIDENT_REFRESH_ACTION = 'exposure.refresh_activity';
/** The Re-activate… modal. */
export const REACTIVATE_CALLBACK = 'exposure.reactivate';
export const REACTIVATE_BLOCK = 'why';
export const REACTIVATE_INPUT = 'why';
/** The Request deletion modal's source (approvals' DeletionContinuations). */
export const DELETION_SOURCE = 'exposure';
