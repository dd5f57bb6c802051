import type { Deliveries, Delivery } from '../../../src/features/creation/domain/ports/deliveries';
import type { KeyId } from '../../../src/kernel/types';
import { copy, Faults, storeUnavailable } from './faults';

export type DeliveriesMethod = 'begin' | 'settle' | 'get';

/** Delivery records in memory, as DynamoDeliveries keeps them: begun once, settled once from DELIVERING. */
export class MemoryDeliveries implements Deliveries {
  readonly faults = new Faults<DeliveriesMethod>();
  private readonly records = new Map<string, Delivery>();

  async begin(delivery: Omit<Delivery, 'state' | 'settledAt'>): Promise<void> {
    this.faults.check('begin');
    if (this.records.has(delivery.keyId)) throw storeUnavailable();
    this.records.set(delivery.keyId, copy({ ...delivery, state: 'DELIVERING' }));
  }

  async settle(keyId: KeyId, state: 'DELIVERED' | 'NOT_DELIVERED', at: Date): Promise<void> {
    this.faults.check('settle');
    const record = this.records.get(keyId);
    if (record?.state !== 'DELIVERING') throw storeUnavailable();
    this.records.set(keyId, { ...record, state, settledAt: new Date(at.getTime()) });
  }

  async get(keyId: KeyId): Promise<Delivery | undefined> {
    this.faults.check('get');
    return this.peek(keyId);
  }

  peek(keyId: KeyId): Delivery | undefined {
    const record = this.records.get(keyId);
    return record && copy(record);
  }
}
