import { IamState, startIamServer } from '../../../sandbox/iam';
import { SdkIam } from '../../../src/platform/aws/iam-adapter';
import { createIamClients } from '../../../src/platform/aws/iam-client';
import type { KeyId } from '../../../src/kernel/types';
import { TEST_CREDENTIALS } from '../../support/bot';
import { iamContract } from '../../support/contracts/iam';

// The same contract the fake keeps (test/support/fakes/fake-iam.ts), so the fake is held to IAM's wire.
describe('SdkIam over the IAM stand-in keeps the IamPort contract', () => {
  iamContract(async () => {
    const state = new IamState();
    const server = await startIamServer({ state });
    const clients = createIamClients({ endpoint: server.url, credentials: TEST_CREDENTIALS });
    return {
      iam: new SdkIam(clients),
      seed: {
        addUser: (name) => state.addUser(name),
        addKey: (owner, key = {}) =>
          state.addKey(owner, {
            status: key.status,
            createDate: key.createdAt,
            lastUsed: key.lastUse?.at && {
              date: key.lastUse.at,
              serviceName: key.lastUse.service ?? 'N/A',
              region: key.lastUse.region ?? 'N/A',
            },
          }).accessKeyId as KeyId,
      },
      close: async () => {
        clients.standard.destroy();
        clients.singleAttempt.destroy();
        await server.close();
      },
    };
  });
});
