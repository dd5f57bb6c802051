export {
  MAX_ENTRIES,
  MAX_REQUEST_BYTES,
  startEventBridgeServer,
  type BusEvent,
  type EventBridgeCall,
  type EventBridgeServer,
  type StartEventBridgeServerOptions,
} from './server';
export type { EventBridgeFault } from './faults';
