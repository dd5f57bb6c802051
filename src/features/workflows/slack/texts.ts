/**
 * What a step's failure says (functions.completeError): Slack shows it to the person who ran the workflow.
 * A refusal of the domain is said in its own slice's words (refusalText), as a command's would be.
 */
export const STEP_NEEDS_REQUESTER =
  'This step acts for the person who runs the workflow: set its Requester to "Person who ran this workflow".';
export const STEP_NEEDS_KEY_ID =
  'This step needs an access key id: 16 to 128 letters and digits, such as AKIAIOSFODNN7EXAMPLE.';
export const STEP_NEEDS_REASON = 'This step needs a reason.';
/** `last_used` of a key never used. */
export const NEVER_USED = 'never';
