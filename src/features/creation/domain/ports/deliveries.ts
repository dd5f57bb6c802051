import type { AccountRef } from '../../../../kernel/account-ref';
import type { IamUserName, KeyId, SlackUserId } from '../../../../kernel/types';

/**
 * Where a new key's secret went, one record per key made by a clear CreateAccessKey.
 * `DELIVERING` is written before the secret is shown, so no secret is ever shown without a
 * record of its key; `DELIVERED` or `NOT_DELIVERED` after. A key with no record at all is one
 * whose id Keywarden never learned from IAM: what an unclear create may have made.
 */
export type DeliveryState = 'DELIVERING' | 'DELIVERED' | 'NOT_DELIVERED';

export interface Delivery extends AccountRef {
  keyId: KeyId;
  state: DeliveryState;
  owner: IamUserName;
  recipient: SlackUserId;
  createdAt: Date;
  /** When it became DELIVERED or NOT_DELIVERED. */
  settledAt?: Date;
}

export interface Deliveries {
  /** Writes the DELIVERING record, only if the key has none. Throws when it could not be stored. */
  begin(delivery: Omit<Delivery, 'state' | 'settledAt'>): Promise<void>;
  /** DELIVERING -> DELIVERED | NOT_DELIVERED, conditional on DELIVERING. Throws when not stored. */
  settle(keyId: KeyId, state: 'DELIVERED' | 'NOT_DELIVERED', at: Date): Promise<void>;
  /** The key's record, read consistently; undefined when it has none. Throws when unreadable. */
  get(keyId: KeyId): Promise<Delivery | undefined>;
}
