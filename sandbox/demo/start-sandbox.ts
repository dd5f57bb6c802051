import { DemoScheduler } from './demo-scheduler';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, parse as parsePath, relative, resolve } from 'node:path';
import { createKeywarden, type Keywarden } from '../../src/app';
import { loadConfig, type Config } from '../../src/platform/config';
import { createLogger, type Logger } from '../../src/platform/logger';
import { CredentialRegistry, startIamServer, type IamServer, type IamState } from '../iam';
import { defaultWebRoot, isBuilt, repoRoot, startPageServer, type PageServer } from '../page-server';
import { SlackDriver, startSlackServer, type SlackServer } from '../slack';
import { startStsServer, type StsServer } from '../sts';
import { DEMO_ACCOUNTS, DEV_ACCOUNT_ID, demoRoles } from './accounts';
import { demoMemberRoles, demoMemberStates, demoOrganization } from './organization';
import { startOrganizationsServer } from '../organizations';
import { type DemoExposure, startDemoExposure } from './exposure';
import { DEMO_ONE_TIME_CODE, DEMO_PASSWORD, type IdpServer } from '../idp';
import { freePort } from '../query-api/http';
import { startSandboxIdp, withStepUp } from './step-up';
import { type AccountStates, loadOrSeedAccounts, saveAccounts, saveAfterMutations } from './iam-file';
import { loadMessages, saveMessages, saveMessagesOnChange } from './slack-file';
import { DEMO_CHANNELS, DEMO_PEOPLE, DEMO_SLACK_USERS } from './people';

export const DEFAULT_PAGE_PORT = 3100;

/** The sandbox's own bot token; recognisable in any recorded call, and no token Slack would ever issue. */
export const SANDBOX_BOT_TOKEN = 'xoxb-keywarden-sandbox';

/**
 * Fixed dummies: the SDK signs with these and never goes looking for the operator's credentials. The
 * stand-ins know them as the bot's own key in the dev account; prod is reached by AssumeRole from it.
 */
export const SANDBOX_AWS_CREDENTIALS = {
  accessKeyId: 'AKIASANDBOXDUMMY0000',
  secretAccessKey: 'sandbox-dummy-secret',
};

export interface SandboxOptions {
  /** Where the IAM accounts (iam.json) and the bot's embedded store (store/) live between runs. */
  dataDir: string;
  /** The page's port; default 3100, 0 for any free port. */
  pagePort?: number;
  /** Delete dataDir first: fresh demo accounts and an empty store. */
  reset?: boolean;
  /** The built page; default dist/sandbox-web. */
  webRoot?: string;
  /** The demo policy; default sandbox/keywarden.yml. */
  policyPath?: string;
  /** The bot's logger; default warnings and errors, to the terminal. */
  log?: Logger;
  /** Told one line per component as it comes up. */
  announce?: (line: string) => void;
  /** What the page's "run now" does for the report at that index; without it the page says it is not wired. */
  runReport?: (keywarden: Keywarden, index: number) => Promise<string | void>;
  /**
   * approvals.stepUp against a local identity provider (sandbox/idp): Approve opens its sign-in, the
   * demo password and one-time code are on the page. `npm run sandbox` turns it on.
   */
  stepUp?: boolean;
}

export interface Sandbox {
  pageUrl: string;
  page: PageServer;
  /** Every demo account; `iam.state` is the default one, dev. */
  iam: IamServer;
  /** The STS stand-in the bot assumes the prod role through; it shares its keys with `iam`. */
  sts: StsServer;
  /** The exposure intake's SQS queue and the CloudTrail the incident card reads, and the panel's leak. */
  exposure: DemoExposure;
  /** The demo accounts' IAM states by name (dev, prod). */
  accounts: AccountStates;
  slack: SlackServer;
  keywarden: Keywarden;
  driver: SlackDriver;
  botPort: number;
  config: Config;
  /** The local identity provider, with stepUp. */
  idp?: IdpServer;
  /** Stops the page, then the bot (draining its work), then the stand-ins; saves the IAM accounts last. */
  stop(): Promise<void>;
}

/** --reset deletes a whole directory, so a typo must not reach the home directory or the repository. */
export function checkResettable(dataDir: string): void {
  const path = resolve(dataDir);
  const forbidden = [parsePath(path).root, homedir(), repoRoot()].map((p) => resolve(p));
  if (forbidden.includes(path)) throw new Error(`refusing to reset ${path}: not a sandbox data directory`);
}

function describe(state: IamState): string {
  const keys = state.userNames().reduce((sum, name) => sum + state.keysOf(name).length, 0);
  return `${state.userNames().length} users, ${keys} keys`;
}

/**
 * All of Keywarden on one machine: the IAM, STS, SQS, CloudTrail and Slack stand-ins, the bot exactly as production builds it
 * (createKeywarden, HTTP mode, the real Bolt receiver, the same config loader reading a policy file), and
 * the page. The bot's configuration is an env object built here, never process.env: the operator's
 * AWS_PROFILE, AWS_ACCESS_KEY_ID or SLACK_* cannot reach it, so the sandbox cannot touch a real account.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const announce = options.announce ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  if (options.reset) {
    checkResettable(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const root = repoRoot();
  const shown = (path: string) => relative(process.cwd(), path) || '.';
  const log = options.log ?? createLogger({ level: 'warn', pretty: true });
  const cleanups: (() => Promise<void> | void)[] = [];
  // Every step runs even if one fails, so a stuck component cannot keep the others' ports open.
  const cleanUp = async () => {
    const failures: unknown[] = [];
    for (const step of cleanups.splice(0).reverse()) {
      await Promise.resolve()
        .then(step)
        .catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw failures[0];
  };

  try {
    const iamFile = join(dataDir, 'iam.json');
    const { states, seeded } = loadOrSeedAccounts(iamFile);
    const [home, ...others] = DEMO_ACCOUNTS.map((account) => states.get(account.name) as IamState);
    // The bot's own key is the only long-term key either stand-in accepts: it is dev's.
    const credentials = new CredentialRegistry({
      base: { [SANDBOX_AWS_CREDENTIALS.accessKeyId]: DEV_ACCOUNT_ID },
    });
    // The organization's members only discovery names: seeded afresh each start, beside dev and prod.
    const members = demoMemberStates();
    const iam = await startIamServer({
      state: home,
      accounts: Object.fromEntries([
        ...others.map((state) => [state.accountId, state] as const),
        ...members.entries(),
      ]),
      credentials,
      host: '127.0.0.1',
    });
    const stopSaving = saveAfterMutations(iam, iamFile, states, (error) =>
      log.error({ err: error }, 'the sandbox IAM accounts could not be saved'),
    );
    cleanups.push(() => iam.close());
    cleanups.push(() => {
      stopSaving();
      saveAccounts(iamFile, states);
    });
    announce(`IAM        ${iam.url}  (${shown(iamFile)})`);
    for (const account of DEMO_ACCOUNTS) {
      const state = states.get(account.name) as IamState;
      const how = account.role ? `role ${account.role.arn}` : "the bot's own credentials";
      announce(
        `  ${account.name.padEnd(8)} ${account.id}  ${describe(state)}, as ${how} ` +
          `(${seeded.includes(account.name) ? 'new demo account' : 'restored'})`,
      );
    }

    const sts = await startStsServer({
      credentials,
      roles: { ...demoRoles(), ...demoMemberRoles() },
      accountOfKey: iam.accountOfKey,
      host: '127.0.0.1',
    });
    cleanups.push(() => sts.close());
    announce(`STS        ${sts.url}  AssumeRole with ExternalId and SourceIdentity`);
    const organizations = await startOrganizationsServer({
      org: demoOrganization(),
      accountOf: (key) => credentials.accountOf(key),
      host: '127.0.0.1',
    });
    cleanups.push(() => organizations.close());
    announce(`Orgs       ${organizations.url}  two OUs: ${organizations.org.listAccounts().length} accounts`);

    const exposure = await startDemoExposure({
      accounts: DEMO_ACCOUNTS.map((account) => ({
        id: account.id,
        state: states.get(account.name) as IamState,
      })),
      accountOf: iam.accountOfKey,
      onChange: () => saveAccounts(iamFile, states),
    });
    cleanups.push(() => exposure.close());
    announce(`SQS        ${exposure.queueUrl}  the exposure intake`);
    announce(`CloudTrail ${exposure.cloudTrail.url}  LookupEvents, seeded with the demo keys' last week`);

    const slackFile = join(dataDir, 'slack.json');
    const slack = await startSlackServer({
      botToken: SANDBOX_BOT_TOKEN,
      users: DEMO_SLACK_USERS,
      host: '127.0.0.1',
      messages: loadMessages(slackFile),
    });
    const stopSavingMessages = saveMessagesOnChange(slack, slackFile, (error) =>
      log.error({ err: error }, 'the sandbox conversations could not be saved'),
    );
    cleanups.push(() => slack.close());
    cleanups.push(() => {
      stopSavingMessages();
      saveMessages(slackFile, slack);
    });
    announce(
      `Slack      ${slack.url}  stand-in: ${DEMO_PEOPLE.length} people, ${DEMO_CHANNELS.length} channels`,
    );

    const signingSecret = randomBytes(24).toString('hex');
    const policyPath = options.policyPath ?? join(root, 'sandbox', 'keywarden.yml');
    const storeDir = join(dataDir, 'store');
    // The provider must know the bot's callback and the bot the provider's issuer: the port comes first.
    const stepUp = options.stepUp ? await startSandboxIdp(await freePort()) : undefined;
    if (stepUp) {
      cleanups.push(() => stepUp.idp.close());
      announce(
        `IdP        ${stepUp.idp.url}  OpenID Connect; password ${DEMO_PASSWORD}, code ${DEMO_ONE_TIME_CODE}`,
      );
    }
    const config = loadConfig({
      SLACK_BOT_TOKEN: SANDBOX_BOT_TOKEN,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.apiUrl,
      KEYWARDEN_CONFIG: policyPath,
      KEYWARDEN_DATA_DIR: storeDir,
      KEYWARDEN_EXPOSURE_QUEUE_URL: exposure.queueUrl,
      PORT: String(stepUp?.port ?? 0),
    });
    if (stepUp) withStepUp(config, stepUp);
    const scheduler = new DemoScheduler(log);
    const keywarden = await createKeywarden({
      config,
      log,
      scheduler,
      iam: { endpoint: iam.url, credentials: SANDBOX_AWS_CREDENTIALS, stsEndpoint: sts.url },
      // Explicit endpoints and keys, as for IAM: AWS_ENDPOINT_URL_SQS or _CLOUDTRAIL in the operator's
      // environment must not lead the sandbox to a real queue or trail.
      exposure: {
        sqs: { endpoint: exposure.sqs.url, credentials: SANDBOX_AWS_CREDENTIALS, region: 'us-east-1' },
        cloudTrail: { endpoint: exposure.cloudTrail.url },
      },
      // Explicit, as for IAM: AWS_ENDPOINT_URL_ORGANIZATIONS must not lead the sandbox to a real organization.
      organizations: { endpoint: organizations.url },
      host: '127.0.0.1',
    });
    const botPort = await keywarden.start().catch(async (error: unknown) => {
      await keywarden.stop(1_000);
      throw error;
    });
    if (botPort === undefined) throw new Error('the sandbox bot must run in HTTP mode');
    cleanups.push(() => keywarden.stop(5_000));
    announce(`Store      embedded DynamoDB-compatible store in ${shown(storeDir)}`);
    announce(`Keywarden  http://127.0.0.1:${botPort}/slack/events  HTTP mode, policy ${shown(policyPath)}`);

    const driver = new SlackDriver({
      server: slack,
      eventsUrl: `http://127.0.0.1:${botPort}/slack/events`,
      signingSecret,
    });
    const webRoot = options.webRoot ?? defaultWebRoot();
    // The panel's "Run now" fires the report's schedule now, as a scheduled run (owners are nudged);
    // the Home's Run now is the admin's own, which nudges nobody.
    const runReport =
      options.runReport ??
      (async (_bot: Keywarden, index: number) => String(await scheduler.fireReport(index, new Date())));
    const page = await startPageServer({
      port: options.pagePort ?? DEFAULT_PAGE_PORT,
      webRoot,
      slack,
      iam,
      sts,
      cloudTrail: exposure.cloudTrail,
      simulateLeak: (keyId: string) => exposure.simulateLeak(keyId),
      accounts: DEMO_ACCOUNTS.map(({ name, id, role }) => ({
        name,
        id,
        ...(role ? { roleArn: role.arn } : {}),
      })),
      driver,
      store: keywarden.store,
      people: DEMO_PEOPLE.map(({ id, name, realName, role }) => ({ id, name, realName, role })),
      channels: DEMO_CHANNELS,
      reports: config.policy.reports,
      ...(stepUp
        ? { stepUp: { issuer: stepUp.idp.url, password: DEMO_PASSWORD, oneTimeCode: DEMO_ONE_TIME_CODE } }
        : {}),
      ...(runReport ? { runReport: (index: number) => runReport(keywarden, index) } : {}),
      useKey: (keyId: string) => {
        const holder = [...states.values()].find((state) => state.findKey(keyId));
        if (!holder) return false;
        holder.markUsed(keyId, { date: new Date(), serviceName: 'sts', region: 'us-east-1' });
        saveAccounts(iamFile, states);
        return true;
      },
    });
    cleanups.push(() => page.close());
    if (!isBuilt(webRoot)) announce(`Page       not built yet in ${shown(webRoot)}: run npm run build`);
    announce(`Page       ${page.url}`);

    return {
      pageUrl: page.url,
      page,
      iam,
      sts,
      exposure,
      accounts: states,
      slack,
      keywarden,
      driver,
      botPort,
      config,
      ...(stepUp ? { idp: stepUp.idp } : {}),
      stop: cleanUp,
    };
  } catch (error) {
    // The start-up error is the one worth reporting; a failure while cleaning up after it is not.
    await cleanUp().catch(() => undefined);
    throw error;
  }
}
