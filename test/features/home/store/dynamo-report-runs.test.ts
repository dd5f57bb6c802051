import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReportRun } from '../../../../src/features/home/domain/ports/report-runs';
import { DynamoReportRuns } from '../../../../src/features/home/store/dynamo-report-runs';
import type { OpenStore } from '../../../../src/platform/store/open-store';
import { storeLanes } from '../../../support/store-lanes';

const run = (report: string, staleKeys: number): ReportRun => ({
  report,
  index: Number(report.split('.')[0]),
  channel: report.split('.')[1] ?? 'C0SECOPS',
  ranAt: new Date('2026-11-23T09:00:05Z'),
  generatedAt: new Date('2026-11-23T08:10:00Z'),
  staleKeys,
  accounts: [
    { name: 'home', staleKeys, scannedKeys: 10 },
    { name: 'prod', id: '111111111111', staleKeys: 0, scannedKeys: 0, failure: 'role not assumed' },
  ],
});

describe.each(storeLanes())('DynamoReportRuns on $name', (lane) => {
  let store: OpenStore;
  let runs: DynamoReportRuns;
  const bad: unknown[] = [];

  beforeAll(async () => {
    store = await lane.open();
    runs = new DynamoReportRuns(store.doc, store.tableName, (error) => bad.push(error));
  });
  afterAll(async () => {
    await store.close();
    await lane.stop();
  });

  it('keeps only the last run of each entry, read back as written', async () => {
    await runs.record(run('0.C0SECOPS', 3));
    await runs.record(run('0.C0SECOPS', 5));
    await runs.record(run('1.C0OTHER', 1));
    expect(await runs.last(['0.C0SECOPS', '1.C0OTHER', '2.C0NEVER'])).toEqual([
      run('0.C0SECOPS', 5),
      run('1.C0OTHER', 1),
    ]);
  });

  it('skips an item it did not write, and says so', async () => {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { pk: 'LASTREPORT#3.C0ODD', sk: 'LASTREPORT', report: '3.C0ODD', channel: '<!here>' },
      }),
    );
    expect(await runs.last(['3.C0ODD'])).toEqual([]);
    expect(bad).toHaveLength(1);
  });
});
