export {
  startCloudTrailServer,
  type CloudTrailCall,
  type CloudTrailServer,
  type StartCloudTrailServerOptions,
} from './server';
export type { CloudTrailFault, CloudTrailOutage } from './faults';
export type { TrailEvent } from './trail';
