import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type ClientRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { demoAccessKeyId } from '../../sandbox/demo/account';
import {
  DEV_ACCOUNT_ID,
  PROD_ACCOUNT_ID,
  PROD_EXTERNAL_ID,
  PROD_ROLE_ARN,
  DEV_ROLE_ARN,
} from '../../sandbox/demo/accounts';
import { DEMO_MEMBERS } from '../../sandbox/demo/organization';
import { DEMO_PEOPLE } from '../../sandbox/demo/people';
import {
  checkResettable,
  SANDBOX_AWS_CREDENTIALS,
  SANDBOX_BOT_TOKEN,
} from '../../sandbox/demo/start-sandbox';
import { IamState } from '../../sandbox/iam';
import { BOT_OWN_CREDENTIALS } from '../../sandbox/page-server';
import { parseRunArgs, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/run';
import { createLogger } from '../../src/platform/logger';
import { channel, eventually, everything, postJson, stateOf } from './page-server/page-client';

const DAY_MS = 86_400_000;
const quietLog = () =>
  createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) });
const temporaryDir = () => mkdtempSync(join(tmpdir(), 'keywarden-sandbox-'));
const start = (options: Partial<SandboxOptions> & { dataDir: string }) =>
  startSandbox({ pagePort: 0, webRoot: join(options.dataDir, 'no-page'), log: quietLog(), ...options });

/** IPv4 and IPv6 addresses as /proc/net/tcp{,6} spell them: 32-bit words in host (little-endian) order. */
function procAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups
    .join(':')
    .replace(/\b(?:0:)+0\b/, ':')
    .replace(/:{3,}/, '::');
}

/** Every TCP socket this process is listening on, and the address it is bound to. */
function listeningSockets(): Map<string, string> {
  const ours = new Set(
    readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
        } catch {
          return undefined;
        }
      })
      .filter((inode): inode is string => inode !== undefined),
  );
  const listening = new Map<string, string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      const [local = '', state, inode = ''] = [columns[1], columns[3], columns[9]];
      if (state !== '0A' || !ours.has(inode)) continue;
      const [address = '', port = ''] = local.split(':');
      listening.set(inode, `${procAddress(address)}:${parseInt(port, 16)}`);
    }
  }
  return listening;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+):\d+$/;
const ALICE = 'U0ALICE';
const ALICE_PROD_KEY = demoAccessKeyId('alice', 0, 'prod');

/** Types a command on the page as that person, in their DM, and waits for the answer holding `text`. */
async function commandOnPage(sandbox: Sandbox, as: string, command: string, text: string): Promise<void> {
  const dm = sandbox.slack.dmChannelOf(as);
  const sent = await postJson(sandbox.pageUrl, '/api/command', { as, channel: dm, text: command });
  expect(sent.status).toBe(200);
  await eventually(async () =>
    channel(await stateOf(sandbox.pageUrl, as), dm)?.messages.find((m) => everything(m).includes(text)),
  );
}

/** The real SDK, signed with the sandbox's own key: the stand-in accepts no other long-term key. */
const devIam = (sandbox: Sandbox) =>
  new IAMClient({
    endpoint: sandbox.iam.url,
    region: 'us-east-1',
    credentials: SANDBOX_AWS_CREDENTIALS,
    maxAttempts: 1,
  });

describe('npm run sandbox', () => {
  describe('safety', () => {
    const POISON = {
      AWS_PROFILE: 'keywarden-poison',
      AWS_ACCESS_KEY_ID: 'AKIAPOISONPOISON0000',
      AWS_SECRET_ACCESS_KEY: 'poison-secret',
      AWS_SESSION_TOKEN: 'poison-session',
      SLACK_BOT_TOKEN: 'xoxb-poison-token',
      SLACK_SIGNING_SECRET: 'poison-signing-secret',
      SLACK_APP_TOKEN: 'xapp-poison-app-token',
    };
    let dataDir: string;
    let trap: Server;
    const trapped: string[] = [];
    let credentialProcessRan: string;
    const saved = new Map<string, string | undefined>();
    const setEnv = (name: string, value: string) => {
      if (!saved.has(name)) saved.set(name, process.env[name]);
      process.env[name] = value;
    };
    let sandbox: Sandbox;
    let listening: Map<string, string>;
    const signedWith: string[] = [];
    const clientHosts: string[] = [];
    const onServerRequest = (message: unknown) => {
      const auth = (message as { request: IncomingMessage }).request.headers.authorization ?? '';
      const credential = /Credential=([^/]+)\//.exec(auth)?.[1];
      if (credential) signedWith.push(credential);
    };
    const onClientRequest = (message: unknown) => {
      clientHosts.push((message as { request: ClientRequest }).request.host);
    };

    beforeAll(async () => {
      dataDir = temporaryDir();
      // Anything that follows the poisoned endpoints lands here; anything that runs the profile leaves a file.
      trap = createServer((req, res) => {
        trapped.push(`${req.method} ${req.url}`);
        res.writeHead(500).end();
      });
      await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
      const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
      credentialProcessRan = join(dataDir, 'credential-process-ran');
      const awsConfig = join(dataDir, 'aws-config');
      writeFileSync(
        awsConfig,
        `[profile keywarden-poison]\nregion = us-west-2\nendpoint_url = ${trapUrl}\n` +
          `credential_process = sh -c 'touch ${credentialProcessRan}; echo {}'\n`,
      );
      for (const [name, value] of Object.entries(POISON)) setEnv(name, value);
      setEnv('AWS_CONFIG_FILE', awsConfig);
      setEnv('AWS_SHARED_CREDENTIALS_FILE', awsConfig);
      for (const name of [
        'AWS_ENDPOINT_URL',
        'AWS_ENDPOINT_URL_IAM',
        'AWS_ENDPOINT_URL_DYNAMODB',
        'AWS_ENDPOINT_URL_SQS',
        'AWS_ENDPOINT_URL_CLOUDTRAIL',
        'SLACK_API_URL',
      ]) {
        setEnv(name, trapUrl);
      }
      subscribe('http.server.request.start', onServerRequest);
      subscribe('http.client.request.start', onClientRequest);

      const before = listeningSockets();
      sandbox = await start({ dataDir });
      listening = new Map([...listeningSockets()].filter(([inode]) => !before.has(inode)));
      await postJson(sandbox.pageUrl, '/api/command', {
        as: 'U0ALICE',
        channel: 'D0ALICE',
        text: '/keys list',
      });
      await eventually(async () =>
        channel(await stateOf(sandbox.pageUrl, 'U0ALICE'), 'D0ALICE')?.messages.find((m) =>
          everything(m).includes(demoAccessKeyId('alice', 0)),
        ),
      );
      // And into prod, through the STS stand-in: AssumeRole must not follow the poisoned settings either.
      await commandOnPage(sandbox, ALICE, '/keys list alice@prod', ALICE_PROD_KEY);
      // And a leak: the intake's SQS calls and the incident's CloudTrail lookups in both regions.
      const bobKey = demoAccessKeyId('bob', 0);
      const lookups = new Promise<void>((resolve) => {
        const regions = new Set<string>();
        const stop = sandbox.exposure.cloudTrail.onCall((call) => {
          if (call.accessKeyId === bobKey && call.status === 200) regions.add(call.region);
          if (regions.size < 2) return;
          stop();
          resolve();
        });
      });
      sandbox.exposure.simulateLeak(bobKey);
      await sandbox.exposure.sqs.waitForDeleted(sandbox.exposure.queueUrl, 1, 20_000);
      await lookups;
    });

    afterAll(async () => {
      unsubscribe('http.server.request.start', onServerRequest);
      unsubscribe('http.client.request.start', onClientRequest);
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await sandbox?.stop();
      await new Promise((resolve) => trap.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('listens on loopback only: the page, the bot, the stand-ins and the store', () => {
      // IAM, STS, SQS, CloudTrail, Slack, the embedded store, the bot's receiver and the page.
      expect(listening.size).toBeGreaterThanOrEqual(8);
      const addresses = [...listening.values()];
      expect(addresses.filter((address) => !LOOPBACK.test(address))).toEqual([]);
      expect(addresses).toContain(`127.0.0.1:${sandbox.page.port}`);
      expect(addresses).toContain(`127.0.0.1:${sandbox.botPort}`);
    });

    it('runs the bot on its own Slack token and signing secret, in HTTP mode, whatever SLACK_* says', () => {
      expect(sandbox.config.slack).toMatchObject({
        botToken: SANDBOX_BOT_TOKEN,
        apiUrl: sandbox.slack.apiUrl,
      });
      expect(sandbox.config.slack.appToken).toBeUndefined();
      expect(sandbox.config.slack.signingSecret).not.toBe(POISON.SLACK_SIGNING_SECRET);
      const tokens = new Set(sandbox.slack.calls().map((call) => call.token));
      expect([...tokens]).toEqual([SANDBOX_BOT_TOKEN]);
    });

    it('signs AWS requests with its own dummy credentials, never the operator’s keys or profile', () => {
      expect(sandbox.iam.calls('ListAccessKeys').length).toBeGreaterThan(0);
      expect(sandbox.exposure.sqs.calls().some((c) => c.action === 'DeleteMessage')).toBe(true);
      expect(signedWith).toContain(SANDBOX_AWS_CREDENTIALS.accessKeyId);
      expect(signedWith).not.toContain(POISON.AWS_ACCESS_KEY_ID);
      // The only other AWS keys are the role sessions (dev's and prod's) the sandbox's own STS issued
      // for its own key (the embedded store signs with a KWEMBEDDED... key of its own).
      const issued = sandbox.sts.credentials.issued().map((credential) => credential.accessKeyId);
      expect(issued.length).toBeGreaterThan(0);
      // CloudTrail is read in each account's session (dev's through its role too).
      const lookups = sandbox.exposure.cloudTrail.calls().map((c) => c.callerKeyId);
      expect(lookups.length).toBeGreaterThan(0);
      for (const key of lookups) expect([SANDBOX_AWS_CREDENTIALS.accessKeyId, ...issued]).toContain(key);
      const awsKeys = signedWith.filter((key) => !key.startsWith('KWEMBEDDED'));
      expect(
        awsKeys.filter((key) => key !== SANDBOX_AWS_CREDENTIALS.accessKeyId && !issued.includes(key)),
      ).toEqual([]);
      expect(existsSync(credentialProcessRan)).toBe(false);
    });

    it('sends nothing to the endpoints the environment names, nor anywhere off this machine', () => {
      expect(trapped).toEqual([]);
      expect(clientHosts.length).toBeGreaterThan(0);
      expect(clientHosts.filter((host) => host !== '127.0.0.1' && host !== 'localhost')).toEqual([]);
    });
  });

  describe('state under data/sandbox', () => {
    it('keeps both IAM accounts and the bot’s store across a restart, and --reset starts afresh', async () => {
      const dataDir = temporaryDir();
      const key = demoAccessKeyId('alice', 0);
      try {
        let sandbox = await start({ dataDir });
        await devIam(sandbox).send(
          new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key, Status: 'Inactive' }),
        );
        // Saved after the call, before its answer: the file is current while the sandbox still runs.
        const saved = JSON.parse(readFileSync(join(dataDir, 'iam.json'), 'utf8')) as {
          accounts: Record<string, { users: { userName: string; keys: { status: string }[] }[] }>;
        };
        expect(Object.keys(saved.accounts)).toEqual(['dev', 'prod']);
        expect(saved.accounts.dev?.users.find((u) => u.userName === 'alice')?.keys[0]?.status).toBe(
          'Inactive',
        );
        sandbox.accounts.get('prod')?.setStatus('bob', demoAccessKeyId('bob', 0, 'prod'), 'Inactive');
        const { doc, tableName } = sandbox.keywarden.store;
        await doc.send(
          new PutCommand({ TableName: tableName, Item: { pk: 'TEST#restart', sk: 'TEST', note: 'kept' } }),
        );
        const posted = sandbox.slack.postAs('U0ALICE', 'C0GENERAL', 'still here after a restart');
        await sandbox.stop();

        sandbox = await start({ dataDir });
        expect(sandbox.iam.state.findKey(key)?.status).toBe('Inactive');
        expect(sandbox.accounts.get('prod')?.findKey(demoAccessKeyId('bob', 0, 'prod'))?.status).toBe(
          'Inactive',
        );
        expect(sandbox.slack.messages('C0GENERAL').map((m) => [m.ts, m.text])).toEqual([
          [posted.ts, 'still here after a restart'],
        ]);
        const kept = await sandbox.keywarden.store.doc.send(
          new GetCommand({ TableName: tableName, Key: { pk: 'TEST#restart', sk: 'TEST' } }),
        );
        expect(kept.Item?.note).toBe('kept');
        await sandbox.stop();

        sandbox = await start({ dataDir, reset: true });
        expect(sandbox.iam.state.findKey(key)?.status).toBe('Active');
        expect(sandbox.accounts.get('prod')?.findKey(demoAccessKeyId('bob', 0, 'prod'))?.status).toBe(
          'Active',
        );
        expect(sandbox.slack.messages('C0GENERAL')).toEqual([]);
        const gone = await sandbox.keywarden.store.doc.send(
          new GetCommand({ TableName: tableName, Key: { pk: 'TEST#restart', sk: 'TEST' } }),
        );
        expect(gone.Item).toBeUndefined();
        await sandbox.stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('reads an iam.json saved before accounts as the dev account, and seeds prod beside it', async () => {
      const dataDir = temporaryDir();
      try {
        const old = new IamState();
        old.addUser('kept-from-before');
        const oldKey = old.addKey('kept-from-before').accessKeyId;
        writeFileSync(join(dataDir, 'iam.json'), JSON.stringify(old.toJSON()));
        const sandbox = await start({ dataDir });
        try {
          expect(sandbox.iam.state.accountId).toBe(DEV_ACCOUNT_ID);
          expect(sandbox.iam.state.userNames()).toEqual(['kept-from-before']);
          expect(sandbox.iam.state.findKey(oldKey)).toBeDefined();
          expect(
            sandbox.accounts
              .get('prod')
              ?.keysOf('alice')
              .map((k) => k.accessKeyId),
          ).toEqual([ALICE_PROD_KEY]);
        } finally {
          await sandbox.stop();
        }
        const saved = JSON.parse(readFileSync(join(dataDir, 'iam.json'), 'utf8')) as {
          version: number;
          accounts: Record<string, { accountId: string }>;
        };
        expect(saved.version).toBe(2);
        expect(saved.accounts.dev?.accountId).toBe(DEV_ACCOUNT_ID);
        expect(saved.accounts.prod?.accountId).toBe(PROD_ACCOUNT_ID);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('refuses to reset the filesystem root, the home directory or the repository', () => {
      for (const dir of ['/', homedir(), join(__dirname, '..', '..')]) {
        expect(() => checkResettable(dir)).toThrow(/refusing to reset/);
      }
      expect(() => checkResettable(join(tmpdir(), 'keywarden-sandbox-x'))).not.toThrow();
    });
  });

  describe('the demo account and people', () => {
    let sandbox: Sandbox;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = temporaryDir();
      sandbox = await start({ dataDir });
    });
    afterAll(async () => {
      await sandbox.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const keys = () =>
      sandbox.iam.state
        .userNames()
        .flatMap((name) => sandbox.iam.state.keysOf(name).map((key) => ({ ...key, name })));

    it('has about fifty users, people and service users, none over the two-key limit, and one at it', () => {
      const { state } = sandbox.iam;
      const users = state.userNames();
      expect(users.length).toBeGreaterThanOrEqual(40);
      expect(users.length).toBeLessThanOrEqual(55);
      expect(users.filter((name) => state.user(name)?.path === '/service/').length).toBeGreaterThanOrEqual(
        10,
      );
      expect(users.filter((name) => state.keysOf(name).length === 0).length).toBeGreaterThan(0);
      expect(Math.max(...users.map((name) => state.keysOf(name).length))).toBe(2);
      expect(users.some((name) => state.keysOf(name).filter((k) => k.status === 'Active').length === 2)).toBe(
        true,
      );
    });

    it('has stale keys for each report reason, keys just short of stale, and inactive keys', () => {
      const report = sandbox.config.policy.reports[0];
      const exempt = sandbox.config.policy.exempt.users;
      expect(report).toMatchObject({ channel: 'C0SECOPS', maxAgeDays: 90, maxUnusedDays: 30 });
      const now = Date.now();
      const days = (date: Date) => (now - date.getTime()) / DAY_MS;
      const active = keys().filter((k) => k.status === 'Active' && !exempt.includes(k.name));
      const byAge = active.filter((k) => days(k.createDate) > 90);
      const unused = active.filter((k) => k.lastUsed && days(k.lastUsed.date) > 30);
      const neverUsed = active.filter((k) => !k.lastUsed && days(k.createDate) > 30);
      expect(byAge.length).toBeGreaterThanOrEqual(3);
      expect(unused.length).toBeGreaterThanOrEqual(3);
      expect(neverUsed.length).toBeGreaterThanOrEqual(3);
      expect(active.some((k) => !k.lastUsed && days(k.createDate) < 30)).toBe(true);
      expect(keys().filter((k) => k.status === 'Inactive').length).toBeGreaterThanOrEqual(2);
    });

    it('has keys used yesterday from several services and regions, and an exempt user that would be stale', () => {
      const recent = keys().filter((k) => k.lastUsed && Date.now() - k.lastUsed.date.getTime() < 2 * DAY_MS);
      expect(new Set(recent.map((k) => k.lastUsed?.serviceName)).size).toBeGreaterThanOrEqual(4);
      expect(new Set(recent.map((k) => k.lastUsed?.region)).size).toBeGreaterThanOrEqual(3);
      const [exempt] = sandbox.config.policy.exempt.users;
      expect(exempt).toBe('ci-deploy');
      const ciKey = sandbox.iam.state.keysOf('ci-deploy')[0];
      expect(ciKey && Date.now() - ciKey.createDate.getTime()).toBeGreaterThan(90 * DAY_MS);
    });

    it('gives alice one active key in recent use and room for one more', () => {
      const aliceKeys = sandbox.iam.state.keysOf('alice');
      expect(aliceKeys).toHaveLength(1);
      expect(aliceKeys[0]?.status).toBe('Active');
      expect(Date.now() - (aliceKeys[0]?.lastUsed?.date.getTime() ?? 0)).toBeLessThan(DAY_MS);
    });

    it('has the people the policy names: an admin, two approvers, alice, bob and a stranger', () => {
      const { policy } = sandbox.config;
      const ids = DEMO_PEOPLE.map((p) => p.id);
      expect(policy.roles.admins).toEqual(['U0ADMIN']);
      expect(policy.roles.approvers).toEqual(['U0APPROVER', 'U0APPROVER2']);
      expect(ids).toEqual(
        expect.arrayContaining([...policy.roles.admins, ...policy.roles.approvers, 'U0STRANGER']),
      );
      expect(policy.identity.users).toEqual({ U0ALICE: 'alice' });
      expect(sandbox.slack.user('U0BOB')?.email).toBe(`bob@${policy.identity.emailDomain}`);
      expect(sandbox.slack.user('U0STRANGER')?.email?.endsWith(`@${policy.identity.emailDomain}`)).toBe(
        false,
      );
      expect(policy.approvals?.channel).toBe('C0APPROVALS');
    });
  });

  describe('two AWS accounts: dev, the bot’s own, and prod, by AssumeRole', () => {
    let sandbox: Sandbox;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = temporaryDir();
      sandbox = await start({ dataDir });
    });
    afterAll(async () => {
      await sandbox.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('names dev first and then prod with the role and ExternalId the STS stand-in trusts', () => {
      expect(sandbox.config.policy.accounts).toEqual([
        { name: 'dev', roleArn: DEV_ROLE_ARN },
        {
          name: 'prod',
          roleArn: PROD_ROLE_ARN,
          externalId: PROD_EXTERNAL_ID,
          approvals: { required: 2, approvers: ['U0APPROVER', 'U0APPROVER2'] },
        },
      ]);
      // Then the organization's members only discovery names (sandbox/demo/organization.ts).
      expect([...sandbox.iam.accounts.keys()]).toEqual([
        DEV_ACCOUNT_ID,
        PROD_ACCOUNT_ID,
        ...DEMO_MEMBERS.map((member) => member.id),
      ]);
      expect(sandbox.accounts.get('prod')?.accountId).toBe(PROD_ACCOUNT_ID);
    });

    it('seeds prod with a handful of users: a key each for alice and bob, stale keys, an inactive one', () => {
      const prod = sandbox.accounts.get('prod') as IamState;
      const users = prod.userNames();
      expect(users.length).toBeGreaterThanOrEqual(5);
      expect(users.length).toBeLessThanOrEqual(12);
      expect(prod.keysOf('alice').map((k) => k.accessKeyId)).toEqual([ALICE_PROD_KEY]);
      expect(prod.keysOf('bob')).toHaveLength(1);
      // Not the dev keys: another account holds other keys.
      expect(sandbox.iam.state.findKey(ALICE_PROD_KEY)).toBeUndefined();
      const keys = users.flatMap((name) => prod.keysOf(name));
      const days = (date: Date) => (Date.now() - date.getTime()) / DAY_MS;
      const stale = keys.filter(
        (k) =>
          k.status === 'Active' && (days(k.createDate) > 90 || days(k.lastUsed?.date ?? k.createDate) > 30),
      );
      expect(stale.length).toBeGreaterThanOrEqual(3);
      expect(keys.some((k) => k.status === 'Inactive')).toBe(true);
    });

    it('runs `/keys list alice@prod` as alice in prod, in a session whose SourceIdentity is alice, and the panel shows it', async () => {
      sandbox.iam.clearCalls();
      await commandOnPage(sandbox, ALICE, '/keys list alice@prod', ALICE_PROD_KEY);

      const listed = sandbox.iam.calls('ListAccessKeys');
      expect(listed.map((call) => [call.accountId, call.params.UserName, call.sourceIdentity])).toEqual([
        [PROD_ACCOUNT_ID, 'alice', ALICE],
      ]);
      expect(listed[0]?.roleSessionName).toBe(`keywarden-${ALICE}`);

      const { panel } = await stateOf(sandbox.pageUrl, ALICE);
      expect(panel.iamCalls.find((call) => call.action === 'ListAccessKeys')).toMatchObject({
        userName: 'alice',
        account: { name: 'prod', id: PROD_ACCOUNT_ID },
        sourceIdentity: ALICE,
        roleSessionName: `keywarden-${ALICE}`,
        status: 200,
      });
      expect(panel.assumeRoles).toContainEqual(
        expect.objectContaining({
          roleArn: PROD_ROLE_ARN,
          account: { name: 'prod', id: PROD_ACCOUNT_ID },
          roleSessionName: `keywarden-${ALICE}`,
          sourceIdentity: ALICE,
          externalId: true,
          status: 200,
        }),
      );
    });

    it('shows a dev call in a session named for alice (the role in the bot’s own account), and a refused AssumeRole as refused', async () => {
      sandbox.iam.clearCalls();
      await commandOnPage(sandbox, ALICE, '/keys list', demoAccessKeyId('alice', 0));
      const { panel } = await stateOf(sandbox.pageUrl, ALICE);
      const dev = panel.iamCalls.find(
        (call) => call.action === 'ListAccessKeys' && call.account?.id === DEV_ACCOUNT_ID,
      );
      // Through infra/keywarden-home-role.cfn.yml's role: CloudTrail names alice here too.
      expect(dev).toMatchObject({
        account: { name: 'dev', id: DEV_ACCOUNT_ID },
        sourceIdentity: ALICE,
        roleSessionName: `keywarden-${ALICE}`,
      });
      expect(panel.iamCalls.filter((call) => call.sourceIdentity === undefined)).toEqual([]);
      expect(panel.assumeRoles).toContainEqual(
        expect.objectContaining({ roleArn: DEV_ROLE_ARN, sourceIdentity: ALICE, status: 200 }),
      );
      // What the panel says of a call made with the bot's own credentials, were there one.
      expect(BOT_OWN_CREDENTIALS).toBe("bot's own credentials");

      const stsClient = new STSClient({
        endpoint: sandbox.sts.url,
        region: 'us-east-1',
        credentials: SANDBOX_AWS_CREDENTIALS,
        maxAttempts: 1,
      });
      await expect(
        stsClient.send(new AssumeRoleCommand({ RoleArn: PROD_ROLE_ARN, RoleSessionName: 'no-external-id' })),
      ).rejects.toMatchObject({ name: 'AccessDenied' });
      const refused = (await stateOf(sandbox.pageUrl, ALICE)).panel.assumeRoles[0];
      expect(refused).toMatchObject({
        roleSessionName: 'no-external-id',
        externalId: false,
        status: 403,
        error: 'AccessDenied',
      });
    });

    it('finds the organization by itself: /keys accounts lists its members in their OUs, and alice@data-platform works', async () => {
      await commandOnPage(sandbox, 'U0ADMIN', '/keys accounts', `data-platform (${DEMO_MEMBERS[0]?.id})`);
      await commandOnPage(sandbox, 'U0ADMIN', '/keys accounts', 'Root / Development');
      await commandOnPage(
        sandbox,
        ALICE,
        '/keys list alice@data-platform',
        demoAccessKeyId('alice', 0, 'data-platform'),
      );
    });

    it('shows both accounts’ users and keys in the page’s state, and never a secret', async () => {
      const { panel } = await stateOf(sandbox.pageUrl, ALICE);
      expect(panel.accounts.map((a) => [a.name, a.id, a.roleArn])).toEqual([
        ['dev', DEV_ACCOUNT_ID, DEV_ROLE_ARN],
        ['prod', PROD_ACCOUNT_ID, PROD_ROLE_ARN],
      ]);
      const keysOf = (account: string, user: string) =>
        panel.accounts
          .find((a) => a.name === account)
          ?.users.find((u) => u.userName === user)
          ?.keys.map((k) => k.accessKeyId);
      expect(keysOf('dev', 'alice')).toEqual([demoAccessKeyId('alice', 0)]);
      expect(keysOf('prod', 'alice')).toEqual([ALICE_PROD_KEY]);
      expect(panel.accounts[0]?.users).toHaveLength(sandbox.iam.state.userNames().length);
      const json = JSON.stringify(panel.accounts);
      const secrets = [...sandbox.accounts.values()].flatMap((state) => state.issuedSecrets());
      expect(secrets.length).toBeGreaterThan(40);
      expect(secrets.filter((secret) => json.includes(secret))).toEqual([]);
    });
  });

  describe('its command line', () => {
    it('takes --port, --reset and --log-level, and refuses anything else', () => {
      expect(parseRunArgs([])).toEqual({ port: 3100, reset: false, logLevel: 'warn' });
      expect(parseRunArgs(['--reset', '--port', '4100', '--log-level', 'debug'])).toEqual({
        port: 4100,
        reset: true,
        logLevel: 'debug',
      });
      expect(() => parseRunArgs(['--port', 'http'])).toThrow(/--port/);
      expect(() => parseRunArgs(['--verbose'])).toThrow(/unknown argument: --verbose/);
    });
  });
});
