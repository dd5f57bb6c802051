import { DynamoApprovalStore } from '../../../../src/features/approvals/store/dynamo-approval-store';
import { approvalStoreContract } from '../../../support/contracts/approval-store';
import { embeddedLane } from '../../../support/store-lanes';

// The same contract the in-memory fake keeps (test/support/fakes), so the fake is held to the real store.
describe('DynamoApprovalStore keeps the ApprovalStore contract', () => {
  approvalStoreContract(async () => {
    const open = await embeddedLane().open();
    return { store: new DynamoApprovalStore(open.doc, open.tableName), close: open.close };
  });
});
