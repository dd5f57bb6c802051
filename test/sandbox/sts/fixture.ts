import { STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { CredentialRegistry, IamState, startIamServer, type IamServer } from '../../../sandbox/iam';
import { startStsServer, type StartStsServerOptions, type StsServer } from '../../../sandbox/sts';

export const HOME = '123456789012';
export const PROD = '111111111111';
export const STAGING = '222222222222';
export const PROD_ROLE = `arn:aws:iam::${PROD}:role/keywarden`;
export const STAGING_ROLE = `arn:aws:iam::${STAGING}:role/keywarden`;
/** The bot's own long-term key, in its home account. */
/** The policy's `accounts:` of the stories: the bot's own (home), prod (with an ExternalId) and staging. */
export function threeAccountsYaml(prodExternalId = 'keywarden-prod'): string {
  return `accounts:
  - name: home
  - name: prod
    roleArn: ${PROD_ROLE}
    externalId: ${prodExternalId}
  - name: staging
    roleArn: ${STAGING_ROLE}
`;
}

/**
 * threeAccountsYaml after a rename: the prod account (111…) now called `legacy`, and its old name given
 * to the staging account (222…). A record kept by name would now point at the wrong account.
 */
export function prodRenamedYaml(): string {
  return `accounts:
  - name: home
  - name: prod
    roleArn: ${STAGING_ROLE}
  - name: legacy
    roleArn: ${PROD_ROLE}
    externalId: keywarden-prod
`;
}

export const BOT = { accessKeyId: 'AKIAKEYWARDENHOME01', secretAccessKey: 'bot-secret' };

export interface Accounts {
  registry: CredentialRegistry;
  iam: IamServer;
  sts: StsServer;
  home: IamState;
  prod: IamState;
  staging: IamState;
  close(): Promise<void>;
}

/**
 * A home account where the bot's key lives and two member accounts with a `keywarden` role: prod
 * demands an ExternalId, staging does not. One registry joins the STS and IAM stand-ins.
 */
export async function startAccounts(options: Partial<StartStsServerOptions> = {}): Promise<Accounts> {
  const registry = new CredentialRegistry({ base: { [BOT.accessKeyId]: HOME } });
  const home = new IamState();
  const prod = new IamState({ accountId: PROD });
  const staging = new IamState({ accountId: STAGING });
  const iam = await startIamServer({
    state: home,
    accounts: { [PROD]: prod, [STAGING]: staging },
    credentials: registry,
  });
  const sts = await startStsServer({
    credentials: registry,
    roles: {
      [PROD_ROLE]: { externalId: 'keywarden-prod', trusts: [HOME] },
      [STAGING_ROLE]: { trusts: [HOME] },
    },
    accountOfKey: iam.accountOfKey,
    ...options,
  });
  return {
    registry,
    iam,
    sts,
    home,
    prod,
    staging,
    close: async () => {
      await sts.close();
      await iam.close();
    },
  };
}

/** The real STS client pointed at the stand-in; one attempt unless a test is about retries. */
export function stsClient(sts: StsServer, config: Partial<STSClientConfig> = {}): STSClient {
  return new STSClient({
    endpoint: sts.url,
    region: 'us-east-1',
    credentials: BOT,
    maxAttempts: 1,
    ...config,
  });
}
