import { SdkIamAccounts } from '../../src/platform/aws/iam-accounts';
import { createLogger } from '../../src/platform/logger';
import { TEST_CREDENTIALS } from './bot';

/** The real accounts adapter over one account (the bot's own), pointed at a local IAM server. */
export function oneAccount(iamUrl: string): SdkIamAccounts {
  return new SdkIamAccounts([{ name: 'default' }], {
    endpoint: iamUrl,
    credentials: TEST_CREDENTIALS,
    log: createLogger({ level: 'silent' }),
  });
}
