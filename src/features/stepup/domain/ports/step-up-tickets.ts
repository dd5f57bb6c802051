import type { SignInFlow, StepUpTicket } from '../step-up-ticket';

/** Where tickets live: one item each, every change a conditional write on it. */
export interface StepUpTickets {
  create(ticket: StepUpTicket): Promise<void>;
  get(id: string): Promise<StepUpTicket | undefined>;
  /** Starts (or restarts) the ticket's sign-in; false: it was used or expired meanwhile. */
  startFlow(id: string, flow: SignInFlow, now: Date): Promise<boolean>;
  /**
   * Uses the ticket, once: one conditional write that holds only while it is unused, unexpired at
   * `now`, and its flow is the one with this state hash. false: someone else used it, or it ended.
   */
  use(id: string, stateHash: string, now: Date): Promise<boolean>;
}
