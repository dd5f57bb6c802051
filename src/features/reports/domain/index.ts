/** The reports slice's domain door (see features/keys/domain/index.ts). */
export { staleReasons, worstFirst, type StaleReason } from './classify';
export type { RunResult } from './scheduled-reports';
export type { StaleReport } from './stale-report';
export { thresholdsFor, type ReportSchedule, type StaleThresholds } from './thresholds';
export type { ReportsRefusal } from './refusals';
