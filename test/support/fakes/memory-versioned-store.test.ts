import { versionedStoreContract } from '../contracts/versioned-store';
import { MemoryCleanupStore } from './memory-versioned-store';

describe('MemoryCleanupStore keeps the VersionedStore contract', () => {
  versionedStoreContract(async () => ({ store: new MemoryCleanupStore(), close: async () => undefined }));
});
