export { OrganizationService, ACCOUNTS_PAGE_SIZE } from './organization-service';
export type { AccountLine, AccountsView, RefreshView } from './accounts-view';
export type { LastReported } from './ports';
