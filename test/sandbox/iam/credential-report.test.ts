import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { parse } from 'csv-parse/sync';
import { CREDENTIAL_REPORT_COLUMNS, type IamServer, type IamState } from '../../../sandbox/iam';
import { failure, fixedClockState, NOW, startWith, until } from './iam-client';

type Row = Record<(typeof CREDENTIAL_REPORT_COLUMNS)[number], string>;

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,' +
  'mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,' +
  'access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,' +
  'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,' +
  'cert_2_last_rotated';

describe('sandbox IAM: the credential report', () => {
  let state: IamState;
  let clock: { now: Date };
  let server: IamServer;
  let iam: IAMClient;

  beforeEach(async () => {
    ({ state, clock } = fixedClockState());
    ({ server, iam } = await startWith(state));
    server.setReportGenerationMs(30);
  });

  afterEach(async () => {
    iam.destroy();
    await server.close();
  });

  async function generated(): Promise<void> {
    await until(async () => (await iam.send(new GenerateCredentialReportCommand({}))).State === 'COMPLETE');
  }

  async function report(): Promise<{ text: string; rows: Row[]; generatedTime: Date | undefined }> {
    const out = await iam.send(new GetCredentialReportCommand({}));
    expect(out.ReportFormat).toBe('text/csv');
    // The SDK has already base64-decoded Content into bytes.
    const text = Buffer.from(out.Content ?? new Uint8Array()).toString('utf8');
    return { text, rows: parse(text, { columns: true }) as Row[], generatedTime: out.GeneratedTime };
  }

  it('goes STARTED, INPROGRESS, COMPLETE, and answers ReportInProgress until it is ready', async () => {
    server.setReportGenerationMs(600_000);

    const first = await iam.send(new GenerateCredentialReportCommand({}));
    const second = await iam.send(new GenerateCredentialReportCommand({}));
    const early = await failure(iam.send(new GetCredentialReportCommand({})));

    expect(first).toMatchObject({
      State: 'STARTED',
      Description: 'No report exists. Starting a new report generation task',
    });
    expect(second.State).toBe('INPROGRESS');
    expect(early.name).toBe('CredentialReportNotReadyException');
    server.finishReportGenerations();
    await generated();
    const { generatedTime } = await report();
    expect(generatedTime).toEqual(NOW);
  });

  it('writes IAM’s header, the root row first, and N/A, true and false as IAM does', async () => {
    state.addUser('alice', { createDate: new Date('2024-01-01T00:00:00Z'), passwordEnabled: true });
    state.addUser('svc', { createDate: new Date('2024-02-01T00:00:00Z') });
    state.addKey('alice', {
      createDate: new Date('2025-03-01T12:00:00Z'),
      lastUsed: { date: new Date('2025-12-30T08:15:00Z'), serviceName: 'sts', region: 'eu-west-1' },
    });
    state.addKey('svc', { createDate: new Date('2025-06-01T00:00:00Z'), status: 'Inactive' });

    await generated();
    const { text, rows } = await report();

    expect(text.split('\n')[0]).toBe(HEADER);
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'alice', 'svc']);
    expect(rows[0]).toMatchObject({
      arn: 'arn:aws:iam::123456789012:root',
      password_enabled: 'not_supported',
      access_key_1_active: 'false',
      access_key_1_last_rotated: 'N/A',
      access_key_2_active: 'false',
    });
    expect(rows[1]).toMatchObject({
      arn: 'arn:aws:iam::123456789012:user/alice',
      user_creation_time: '2024-01-01T00:00:00+00:00',
      password_enabled: 'true',
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2025-03-01T12:00:00+00:00',
      access_key_1_last_used_date: '2025-12-30T08:15:00+00:00',
      access_key_1_last_used_region: 'eu-west-1',
      access_key_1_last_used_service: 'sts',
      access_key_2_active: 'false',
      access_key_2_last_rotated: 'N/A',
      cert_1_active: 'false',
    });
    expect(rows[2]).toMatchObject({
      password_enabled: 'false',
      password_last_used: 'N/A',
      access_key_1_active: 'false',
      access_key_1_last_rotated: '2025-06-01T00:00:00+00:00',
      access_key_1_last_used_date: 'N/A',
      access_key_1_last_used_region: 'N/A',
      access_key_1_last_used_service: 'N/A',
    });
  });

  it('orders key slots by creation date, whatever order the keys were added in', async () => {
    state.addUser('bob');
    state.addKey('bob', { createDate: new Date('2025-09-01T00:00:00Z') });
    state.addKey('bob', { createDate: new Date('2025-01-01T00:00:00Z'), status: 'Inactive' });

    await generated();
    const bob = (await report()).rows.find((r) => r.user === 'bob');

    expect(bob?.access_key_1_last_rotated).toBe('2025-01-01T00:00:00+00:00');
    expect(bob?.access_key_1_active).toBe('false');
    expect(bob?.access_key_2_last_rotated).toBe('2025-09-01T00:00:00+00:00');
    expect(bob?.access_key_2_active).toBe('true');
  });

  it('is a snapshot: later changes appear only once a report is generated after four hours', async () => {
    state.addUser('carol');
    await generated();
    state.addKey('carol');

    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    expect((await report()).rows.find((r) => r.user === 'carol')?.access_key_1_active).toBe('false');

    clock.now = new Date(NOW.getTime() + 4 * 60 * 60 * 1000);
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    await generated();
    const fresh = await report();
    expect(fresh.rows.find((r) => r.user === 'carol')?.access_key_1_active).toBe('true');
    expect(fresh.generatedTime).toEqual(clock.now);
  });

  it('answers AccessDenied (403) on both calls when the bot may not read reports', async () => {
    server.denyCredentialReport(true);

    const generate = await failure(iam.send(new GenerateCredentialReportCommand({})));
    const get = await failure(iam.send(new GetCredentialReportCommand({})));

    for (const error of [generate, get]) {
      expect(error.name).toBe('AccessDenied');
      expect(error['$metadata']).toMatchObject({ httpStatusCode: 403 });
    }
    expect(generate.message).toContain('iam:GenerateCredentialReport');

    server.denyCredentialReport(false);
    await expect(iam.send(new GenerateCredentialReportCommand({}))).resolves.toMatchObject({
      State: 'STARTED',
    });
  });
});
