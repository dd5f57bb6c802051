export {
  startOrganizationsServer,
  type OrganizationsCall,
  type OrganizationsServer,
  type StartOrganizationsServerOptions,
} from './server';
export { Organization, type OrgAccount, type OrgUnit, type OrganizationSeed } from './organization';
export type { OrganizationsFault, OrganizationsOutage } from './faults';
