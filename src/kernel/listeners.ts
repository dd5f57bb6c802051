import type { Logger } from './logger';

export type Listener<T> = (event: T) => Promise<void>;

/**
 * Who wants to hear of something a lower slice does, registered by higher slices at their install, so
 * the lower slice imports none of them. Each listener is told in turn; one that fails is logged and
 * keeps neither the others from hearing nor undoes what was done (it is already stored, or in IAM).
 */
export class Listeners<T> {
  private readonly listeners: Listener<T>[] = [];

  constructor(
    private readonly log: Logger,
    /** The log line when a listener fails, and the fields (ids, never secrets) that name the event. */
    private readonly failure: { message: string; about(event: T): Record<string, unknown> },
  ) {}

  register(listener: Listener<T>): void {
    this.listeners.push(listener);
  }

  async tell(event: T): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (error) {
        this.log.warn({ err: error, ...this.failure.about(event) }, this.failure.message);
      }
    }
  }
}
