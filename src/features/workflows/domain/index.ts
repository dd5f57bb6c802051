/** The workflows slice's domain door (see features/keys/domain/index.ts). */
export type { StepDecision } from './step-decision';
