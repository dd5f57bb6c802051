/**
 * The steps' callback ids and their parameters' names, as manifest.yml declares them: run-contract names
 * (workflows built in Workflow Builder name them), so keep them. The person input is `requester`
 * (STEP_REQUESTER_INPUT, read by the one request middleware).
 */
export const REQUEST_KEY_DELETION_STEP = 'request_key_deletion';
export const DEACTIVATE_KEY_STEP = 'deactivate_key';
export const KEY_STATUS_STEP = 'key_status';

export const KEY_ID_INPUT = 'key_id';
export const REASON_INPUT = 'reason';
