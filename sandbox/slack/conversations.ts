import type { MessageChange, StoredMessage } from './types';

type Listener = (change: MessageChange) => void;

/**
 * The state of every conversation: what a person would see now, after updates and deletes.
 * Callers get copies, so a test that pokes at a returned message cannot change the record.
 */
export class Conversations {
  private readonly store = new Map<string, StoredMessage>();
  private readonly listeners = new Set<Listener>();
  private lastMicros = 0;

  /** Slack's `ts`: seconds.microseconds, unique and increasing within a workspace. */
  nextTs(): string {
    this.lastMicros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    const seconds = Math.floor(this.lastMicros / 1e6);
    const micros = String(this.lastMicros % 1e6).padStart(6, '0');
    return `${seconds}.${micros}`;
  }

  /** Puts back messages saved from an earlier run, quietly; new messages get later timestamps. */
  restore(messages: readonly StoredMessage[]): void {
    for (const message of messages) {
      this.store.set(key(message.channel, message.ts), structuredClone(message));
      const [seconds = '0', micros = '0'] = message.ts.split('.');
      this.lastMicros = Math.max(this.lastMicros, Number(seconds) * 1e6 + Number(micros));
    }
  }

  post(message: Omit<StoredMessage, 'ts'>): StoredMessage {
    const stored: StoredMessage = { ts: this.nextTs(), ...withoutUndefined(message) };
    this.store.set(key(stored.channel, stored.ts), stored);
    this.emit('posted', stored);
    return structuredClone(stored);
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    const found = this.store.get(key(channel, ts));
    return found && structuredClone(found);
  }

  /** `blocks: undefined` keeps the old blocks, as chat.update does; `null` removes them. */
  update(
    channel: string,
    ts: string,
    change: { text?: string; blocks?: unknown[] | null; attachments?: unknown[] | null },
  ): StoredMessage | undefined {
    const found = this.store.get(key(channel, ts));
    if (!found) return undefined;
    if (change.text !== undefined) found.text = change.text;
    if (change.blocks === null) delete found.blocks;
    else if (change.blocks !== undefined) found.blocks = change.blocks;
    if (change.attachments === null) delete found.attachments;
    else if (change.attachments !== undefined) found.attachments = change.attachments;
    found.edited = true;
    this.emit('updated', found);
    return structuredClone(found);
  }

  remove(channel: string, ts: string): StoredMessage | undefined {
    const found = this.store.get(key(channel, ts));
    if (!found) return undefined;
    this.store.delete(key(channel, ts));
    this.emit('deleted', found);
    return structuredClone(found);
  }

  list(channel?: string): StoredMessage[] {
    const all = [...this.store.values()].filter((m) => channel === undefined || m.channel === channel);
    return all.sort((a, b) => compareTs(a.ts, b.ts)).map((m) => structuredClone(m));
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(kind: MessageChange['kind'], message: StoredMessage): void {
    for (const listener of this.listeners) listener({ kind, message: structuredClone(message) });
  }
}

function key(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}

function compareTs(a: string, b: string): number {
  const [as = '0', au = '0'] = a.split('.');
  const [bs = '0', bu = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(au) - Number(bu);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
