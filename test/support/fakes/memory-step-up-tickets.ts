import type { StepUpTickets } from '../../../src/features/stepup/domain/ports/step-up-tickets';
import type { SignInFlow, StepUpTicket } from '../../../src/features/stepup/domain/step-up-ticket';

/** Step-up tickets in memory, with the conditions the DynamoDB adapter writes under. */
export class MemoryStepUpTickets implements StepUpTickets {
  readonly tickets = new Map<string, StepUpTicket>();

  async create(ticket: StepUpTicket): Promise<void> {
    if (this.tickets.has(ticket.id)) throw new Error('ticket exists');
    this.tickets.set(ticket.id, structuredClone(ticket));
  }

  async get(id: string): Promise<StepUpTicket | undefined> {
    const ticket = this.tickets.get(id);
    return ticket && structuredClone(ticket);
  }

  async startFlow(id: string, flow: SignInFlow, now: Date): Promise<boolean> {
    const ticket = this.open(id, now);
    if (!ticket) return false;
    ticket.flow = { ...flow };
    return true;
  }

  async use(id: string, stateHash: string, now: Date): Promise<boolean> {
    const ticket = this.open(id, now);
    if (!ticket || ticket.flow?.stateHash !== stateHash) return false;
    ticket.usedAt = now;
    return true;
  }

  private open(id: string, now: Date): StepUpTicket | undefined {
    const ticket = this.tickets.get(id);
    return ticket && !ticket.usedAt && now < ticket.expiresAt ? ticket : undefined;
  }
}
