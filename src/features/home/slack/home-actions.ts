/** The action ids of the Home's buttons. */
export const HOME_ROTATE_ACTION = 'home.rotate';
export const HOME_DEACTIVATE_ACTION = 'home.deactivate';
export const HOME_DELETE_ACTION = 'home.request-deletion';
export const HOME_WITHDRAW_ACTION = 'home.withdraw';
export const HOME_RUN_REPORT_ACTION = 'home.run-report';
/** A link button: Slack still sends its click, which the app only acknowledges. */
export const HOME_OPEN_REQUEST_ACTION = 'home.open-request';
export const HOME_APPROVE_ACTION = 'home.approve';
export const HOME_REJECT_ACTION = 'home.reject';
