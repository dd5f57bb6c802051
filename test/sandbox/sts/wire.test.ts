import { STS_XMLNS } from '../../../sandbox/sts';
import { type Accounts, BOT, PROD_ROLE, STAGING_ROLE, startAccounts } from './fixture';

/** A hand-made Query-API request: the stand-in reads the signer's key from the Authorization header. */
async function post(url: string, body: string, accessKeyId: string | null = BOT.accessKeyId) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(accessKeyId
        ? {
            authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260102/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00`,
          }
        : {}),
    },
    body,
  });
  return { status: res.status, xml: await res.text(), id: res.headers.get('x-amzn-requestid') };
}

describe('sandbox STS: the Query API on the wire', () => {
  let accounts: Accounts;

  beforeEach(async () => {
    accounts = await startAccounts();
  });

  afterEach(async () => {
    await accounts.close();
  });

  it('answers AssumeRole in STS’s namespace, with Credentials, AssumedRoleUser and SourceIdentity', async () => {
    const res = await post(
      accounts.sts.url,
      `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(STAGING_ROLE)}&RoleSessionName=kw&SourceIdentity=U0ALICE`,
    );

    expect(res.status).toBe(200);
    expect(res.xml).toMatch(
      new RegExp(
        `^<AssumeRoleResponse xmlns="${STS_XMLNS}"><AssumeRoleResult>` +
          '<Credentials><AccessKeyId>ASIA\\w{16}</AccessKeyId><SecretAccessKey>.{40}</SecretAccessKey>' +
          '<SessionToken>[^<]+</SessionToken><Expiration>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</Expiration></Credentials>' +
          '<AssumedRoleUser><Arn>arn:aws:sts::222222222222:assumed-role/keywarden/kw</Arn>' +
          '<AssumedRoleId>AROA\\w{17}:kw</AssumedRoleId></AssumedRoleUser><SourceIdentity>U0ALICE</SourceIdentity>' +
          `</AssumeRoleResult><ResponseMetadata><RequestId>${res.id}</RequestId></ResponseMetadata></AssumeRoleResponse>$`,
      ),
    );
  });

  it('answers errors as <ErrorResponse> with Type, Code, Message and RequestId', async () => {
    const res = await post(
      accounts.sts.url,
      `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(PROD_ROLE)}&RoleSessionName=kw`,
    );

    expect(res.status).toBe(403);
    expect(res.xml).toBe(
      `<ErrorResponse xmlns="${STS_XMLNS}"><Error><Type>Sender</Type><Code>AccessDenied</Code>` +
        `<Message>User: arn:aws:iam::123456789012:user/keywarden-bot is not authorized to perform: sts:AssumeRole on resource: ${PROD_ROLE}</Message>` +
        `</Error><RequestId>${res.id}</RequestId></ErrorResponse>`,
    );
  });

  it('answers an unsigned request with MissingAuthenticationToken, at STS and at IAM alike', async () => {
    const sts = await post(accounts.sts.url, 'Action=GetCallerIdentity&Version=2011-06-15', null);
    const iam = await post(accounts.iam.url, 'Action=ListUsers&Version=2010-05-08', null);

    for (const res of [sts, iam]) {
      expect(res.status).toBe(403);
      expect(res.xml).toContain(
        '<Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message>',
      );
    }
    expect(accounts.iam.calls()).toMatchObject([{ action: 'ListUsers', status: 403 }]);
    expect(accounts.iam.calls()[0]).not.toHaveProperty('accountId');
  });

  it('answers an action it does not have with InvalidAction (400)', async () => {
    const res = await post(accounts.sts.url, 'Action=GetSessionToken&Version=2011-06-15');
    expect(res.status).toBe(400);
    expect(res.xml).toContain(
      '<Code>InvalidAction</Code><Message>Could not find operation GetSessionToken for version 2011-06-15</Message>',
    );
  });
});
