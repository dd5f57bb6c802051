export { startSqsServer, type SqsCall, type SqsServer, type StartSqsServerOptions } from './server';
export type { SqsAction, SqsFault } from './faults';
