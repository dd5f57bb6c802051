/** The exposure slice's domain door. */
export type { ExposureResponse, Received } from './exposure-response';
export type { IncidentActions } from './incident-actions';
export type { Incident } from './incident';
export type { ExposureRefusal } from './refusals';
