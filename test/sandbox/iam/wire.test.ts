import { startIamServer, type IamServer, IamState } from '../../../sandbox/iam';

/** Raw HTTP, to pin the bytes the SDK tests can only see through its deserializer. */
async function post(
  server: IamServer,
  body: string,
): Promise<{ status: number; type: string; id: string; xml: string }> {
  const res = await fetch(`${server.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    id: res.headers.get('x-amzn-requestid') ?? '',
    xml: await res.text(),
  };
}

describe('sandbox IAM: the Query API on the wire', () => {
  let state: IamState;
  let server: IamServer;

  beforeEach(async () => {
    state = new IamState({ now: () => new Date('2026-01-02T03:04:05.678Z') });
    state.addUser('alice');
    server = await startIamServer({ state });
  });

  afterEach(() => server.close());

  it('answers success as <ActionResponse> with a Result, dates without milliseconds, and a request id', async () => {
    const res = await post(server, 'Action=ListUsers&Version=2010-05-08');

    expect(res.status).toBe(200);
    expect(res.type).toBe('text/xml');
    expect(res.xml).toMatch(
      /^<ListUsersResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><ListUsersResult><Users><member>/,
    );
    expect(res.xml).toContain('<CreateDate>2026-01-02T03:04:05Z</CreateDate>');
    expect(res.xml).toContain('<IsTruncated>false</IsTruncated>');
    expect(res.xml).toContain(`<ResponseMetadata><RequestId>${res.id}</RequestId></ResponseMetadata>`);
    expect(res.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends an empty list as an empty element', async () => {
    const res = await post(server, 'Action=ListAccessKeys&Version=2010-05-08&UserName=alice');
    expect(res.xml).toContain('<AccessKeyMetadata/>');
  });

  it('answers actions without output with ResponseMetadata only', async () => {
    const key = state.addKey('alice');
    const res = await post(
      server,
      `Action=UpdateAccessKey&Version=2010-05-08&UserName=alice&AccessKeyId=${key.accessKeyId}&Status=Inactive`,
    );
    expect(res.status).toBe(200);
    expect(res.xml).not.toContain('UpdateAccessKeyResult');
    expect(res.xml).toContain('<UpdateAccessKeyResponse xmlns=');
  });

  it('answers errors as <ErrorResponse> with Type, Code, Message and RequestId', async () => {
    const res = await post(server, 'Action=ListAccessKeys&Version=2010-05-08&UserName=nobody');

    expect(res.status).toBe(404);
    expect(res.type).toBe('text/xml');
    expect(res.xml).toBe(
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>' +
        '<Code>NoSuchEntity</Code><Message>The user with name nobody cannot be found.</Message></Error>' +
        `<RequestId>${res.id}</RequestId></ErrorResponse>`,
    );
  });

  it('answers an unknown action with InvalidAction (400) and records it', async () => {
    const res = await post(server, 'Action=DeleteEverything&Version=2010-05-08');
    expect(res.status).toBe(400);
    expect(res.xml).toContain('<Code>InvalidAction</Code>');
    expect(server.calls()).toEqual([
      {
        action: 'DeleteEverything',
        params: {},
        status: 400,
        errorCode: 'InvalidAction',
        at: expect.any(Date),
        // Without credentials configured, every request acts in the one default account.
        accountId: '123456789012',
      },
    ]);
  });

  it('rejects a missing required parameter with ValidationError', async () => {
    const res = await post(server, 'Action=DeleteAccessKey&Version=2010-05-08&UserName=alice');
    expect(res.status).toBe(400);
    expect(res.xml).toContain('<Code>ValidationError</Code>');
    expect(res.xml).toContain('Value null at &apos;accessKeyId&apos;');
  });
});
