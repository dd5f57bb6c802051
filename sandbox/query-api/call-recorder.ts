/** A stand-in's log of every request, and the listeners a test or the page waits on. */
export class CallRecorder<C> {
  private readonly list: C[] = [];
  private readonly listeners = new Set<(call: C) => void>();

  record(call: C): void {
    this.list.push(call);
    for (const listener of [...this.listeners]) listener(call);
  }

  calls(): C[] {
    return [...this.list];
  }

  onCall(listener: (call: C) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
