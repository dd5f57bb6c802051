import { DynamoCleanupStore } from '../../../../src/features/creation/store/dynamo-cleanup-store';
import { versionedStoreContract } from '../../../support/contracts/versioned-store';
import { embeddedLane } from '../../../support/store-lanes';

// The same contract the in-memory fake keeps (test/support/fakes), so the fake is held to the real store.
describe('DynamoCleanupStore keeps the VersionedStore contract', () => {
  versionedStoreContract(async () => {
    const open = await embeddedLane().open();
    return { store: new DynamoCleanupStore(open.doc, open.tableName), close: open.close };
  });
});
