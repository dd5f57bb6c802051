import { GenerateCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import { IamState, startIamServer, type IamServer } from '../../../sandbox/iam';
import { NO_CAPACITY_MESSAGE } from '../../../sandbox/iam/report-generation';
import { failure, iamClient } from './iam-client';

/** Two accounts on one server, each reached by its own key, as the bench and the e2e stories do. */
const KEYS = { AKIDFIRST: '111111111111', AKIDSECOND: '222222222222', AKIDTHIRD: '333333333333' };

describe('sandbox IAM: credential report generation capacity', () => {
  let server: IamServer;
  let clients: IAMClient[];

  beforeEach(async () => {
    const accounts = Object.fromEntries(
      Object.values(KEYS).map((id) => [id, new IamState({ accountId: id })]),
    );
    server = await startIamServer({ accounts, baseCredentials: KEYS });
    // Generations last until the test ends them (finishReportGenerations): a slow machine cannot
    // let one finish between the calls that must find it in progress.
    server.setReportGenerationMs(600_000);
    clients = Object.keys(KEYS).map((accessKeyId) =>
      iamClient(server, { credentials: { accessKeyId, secretAccessKey: 'sandbox' } }),
    );
  });

  afterEach(async () => {
    for (const client of clients) client.destroy();
    await server.close();
  });

  const generate = (client: IAMClient) => client.send(new GenerateCredentialReportCommand({}));

  it('answers LimitExceeded (409) with IAM’s words above the bound, and starts again once one is done', async () => {
    server.setReportGenerationCapacity(2);
    const [first, second, third] = clients as [IAMClient, IAMClient, IAMClient];

    expect((await generate(first)).State).toBe('STARTED');
    expect((await generate(second)).State).toBe('STARTED');
    const refused = await failure(generate(third));

    expect(refused.name).toBe('LimitExceededException');
    expect((refused.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(409);
    expect(refused.message).toBe(NO_CAPACITY_MESSAGE);
    // The accounts already generating are not refused: their reports are on their way.
    expect((await generate(first)).State).toBe('INPROGRESS');
    expect((await failure(generate(third))).name).toBe('LimitExceededException');

    server.finishReportGenerations();
    expect((await generate(first)).State).toBe('COMPLETE');
    expect((await generate(third)).State).toBe('STARTED');
  });

  it('answers COMPLETE for a report younger than four hours, without generating again', async () => {
    const [first] = clients as [IAMClient];
    await generate(first);
    server.finishReportGenerations();
    expect((await generate(first)).State).toBe('COMPLETE');
    server.setReportGenerationCapacity(0);

    // No capacity at all, yet the kept report is there: IAM hands it back as it is.
    expect((await generate(first)).State).toBe('COMPLETE');
  });
});
