import type { KeyHold, KeyHolds } from '../../../src/features/keys/domain/ports/key-holds';
import type { KeyId, SlackUserId } from '../../../src/kernel/types';
import { copy, Faults } from './faults';

export type KeyHoldsMethod = 'place' | 'get' | 'lift';

/** Holds in memory, as DynamoKeyHolds keeps them: a hold in place is kept; lifting one that is not there is false. */
export class MemoryKeyHolds implements KeyHolds {
  readonly faults = new Faults<KeyHoldsMethod>();
  private readonly held = new Map<string, KeyHold>();

  async place(hold: KeyHold): Promise<void> {
    this.faults.check('place');
    if (!this.held.has(hold.keyId)) this.held.set(hold.keyId, copy(hold));
  }

  async get(keyId: KeyId): Promise<KeyHold | undefined> {
    this.faults.check('get');
    return this.peek(keyId);
  }

  async lift(keyId: KeyId, _by: SlackUserId, _at: Date): Promise<boolean> {
    this.faults.check('lift');
    return this.held.delete(keyId);
  }

  peek(keyId: KeyId): KeyHold | undefined {
    const hold = this.held.get(keyId);
    return hold && copy(hold);
  }
}
