import {
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { IamState, seedLargeAccount, startIamServer, type IamServer } from '../../../sandbox/iam';
import { extractContent, getCredentialReport } from '../../../src/platform/aws/credential-report-content';
import { createIamClients } from '../../../src/platform/aws/iam-client';
import { toIamError } from '../../../src/platform/aws/iam-errors';
import { KeywardenError } from '../../../src/kernel/errors';
import { TEST_CREDENTIALS } from '../../support/bot';

const NOW = new Date('2026-06-15T12:00:00Z');
const REPORT = 'user,arn\n"alice","arn:aws:iam::1:user/alice"\n<root_account>,x\n';

function answer(content: string): string {
  return (
    '<GetCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">' +
    `<GetCredentialReportResult><Content>${content}</Content><ReportFormat>text/csv</ReportFormat>` +
    '<GeneratedTime>2026-06-15T10:00:00Z</GeneratedTime></GetCredentialReportResult>' +
    '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCredentialReportResponse>'
  );
}

/** Extracts Content, collecting what reaches the sink. */
async function extracted(body: Iterable<Buffer>) {
  const content: Buffer[] = [];
  const { found, rest } = await extractContent(body, (bytes) => content.push(bytes));
  return { found, rest, content };
}

/** A sink that keeps the pieces, and says how many pieces it was written. */
function collecting() {
  const pieces: Buffer[] = [];
  return {
    pieces,
    write: (bytes: Buffer) => void pieces.push(bytes),
    end: async () => Buffer.concat(pieces),
  };
}

function* pieces(text: string, size: number): Generator<Buffer> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('extractContent', () => {
  it('decodes Content and keeps the rest of the XML, wherever the pieces are cut', async () => {
    const xml = answer(Buffer.from(REPORT).toString('base64'));
    for (let size = 1; size <= 40; size++) {
      const { content, rest } = await extracted(pieces(xml, size));
      expect(Buffer.concat(content).toString('utf8')).toBe(REPORT);
      expect(rest.toString('utf8')).toBe(answer(''));
    }
  });

  it('decodes base64 that arrives with line breaks', async () => {
    const wrapped = Buffer.from(REPORT)
      .toString('base64')
      .replace(/(.{10})/g, '$1\n');
    const { content } = await extracted(pieces(answer(wrapped), 9));
    expect(Buffer.concat(content).toString('utf8')).toBe(REPORT);
  });

  it('passes an answer without Content through whole', async () => {
    const xml = '<GetCredentialReportResponse><GetCredentialReportResult/></GetCredentialReportResponse>';
    const { content, rest, found } = await extracted(pieces(xml, 4));
    expect(found).toBe(false);
    expect(content).toEqual([]);
    expect(rest.toString('utf8')).toBe(xml);
  });

  it('refuses Content that is not base64, and an answer cut off inside it', async () => {
    const notBase64 = await extracted(pieces(answer('abc&amp;d'), 8)).catch((e: unknown) => e);
    expect((notBase64 as KeywardenError).code).toBe('IAM_UNAVAILABLE');
    const cut = answer(Buffer.from(REPORT).toString('base64')).split('</Content>')[0] ?? '';
    const truncated = await extracted(pieces(cut, 8)).catch((e: unknown) => e);
    expect((truncated as KeywardenError).message).toContain('ends inside Content');
  });
});

describe('getCredentialReport through the SDK, against the IAM stand-in', () => {
  let server: IamServer;
  let client: IAMClient;

  beforeAll(async () => {
    const state = new IamState({ now: () => NOW });
    seedLargeAccount(state, { users: 2_000, keys: 3_000, now: NOW });
    server = await startIamServer({ state });
    client = createIamClients({ endpoint: server.url, credentials: TEST_CREDENTIALS }).standard;
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('hands the SDK an answer without the report, and the report in pieces as it arrived', async () => {
    server.setReportGenerationMs(0);
    await client.send(new GenerateCredentialReportCommand({}));
    const sinks: Array<ReturnType<typeof collecting>> = [];
    const { output, content } = await getCredentialReport(client, () => {
      const sink = collecting();
      sinks.push(sink);
      return sink;
    });
    // The SDK's parser saw an empty Content: the 3.6 MB-class string never reached it.
    expect(output.Content).toEqual(new Uint8Array());
    expect(output.ReportFormat).toBe('text/csv');
    expect(output.GeneratedTime).toEqual(NOW);
    expect(sinks).toHaveLength(1);
    expect(sinks[0]?.pieces.length).toBeGreaterThan(1);
    const csv = content.toString('utf8');
    expect(csv.split('\n')[0]).toMatch(/^user,arn,user_creation_time,/);
    expect(csv.trimEnd().split('\n')).toHaveLength(2_002);
  });

  it('gives every report its own sink on a client that caches its handlers (cacheMiddleware)', async () => {
    server.setReportGenerationMs(0);
    await client.send(new GenerateCredentialReportCommand({}));
    const first = collecting();
    const second = collecting();
    await getCredentialReport(client, () => first);
    const { content } = await getCredentialReport(client, () => second);
    // A cached handler would have kept the first call's middleware and written into its sink.
    expect(second.pieces.length).toBeGreaterThan(0);
    expect(Buffer.concat(first.pieces).length).toBe(content.length);
  });

  it("leaves IAM's error answers to the SDK: ReportInProgress and AccessDenied keep their meaning", async () => {
    // Only a report older than four hours is made again: a fresh stand-in is the simplest way to a slow one.
    const slow = await startIamServer({ state: new IamState() });
    const slowClient = createIamClients({ endpoint: slow.url, credentials: TEST_CREDENTIALS }).standard;
    try {
      slow.setReportGenerationMs(60_000);
      await slowClient.send(new GenerateCredentialReportCommand({}));
      const inProgress = await getCredentialReport(slowClient, collecting).catch((e: unknown) => e);
      expect(inProgress).toBeInstanceOf(CredentialReportNotReadyException);

      slow.denyCredentialReport(true);
      const denied = await getCredentialReport(slowClient, collecting).catch((e: unknown) => e);
      expect(toIamError(denied, 'GetCredentialReport').code).toBe('IAM_ACCESS_DENIED');
    } finally {
      slowClient.destroy();
      await slow.close();
    }
  });
});
