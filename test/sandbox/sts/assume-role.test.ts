import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { failure } from '../iam/iam-client';
import { type Accounts, BOT, HOME, PROD, PROD_ROLE, STAGING_ROLE, startAccounts, stsClient } from './fixture';

describe('sandbox STS: AssumeRole with the real STS client', () => {
  let accounts: Accounts;
  let sts: STSClient;

  beforeEach(async () => {
    accounts = await startAccounts();
    sts = stsClient(accounts.sts);
  });

  afterEach(async () => {
    sts.destroy();
    await accounts.close();
  });

  const prod = {
    RoleArn: PROD_ROLE,
    RoleSessionName: 'keywarden-U0ALICE',
    SourceIdentity: 'U0ALICE',
    ExternalId: 'keywarden-prod',
  };

  it('issues a session in the role’s account, as STS answers it, and registers it with IAM', async () => {
    const before = Date.now();
    const out = await sts.send(new AssumeRoleCommand({ ...prod, DurationSeconds: 900 }));
    const after = Date.now();

    const creds = out.Credentials;
    expect(creds?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds?.SecretAccessKey).toHaveLength(40);
    expect(creds?.SessionToken?.length).toBeGreaterThan(40);
    expect(creds?.Expiration).toBeInstanceOf(Date);
    const expiresIn = (creds?.Expiration?.getTime() ?? 0) - before;
    expect(expiresIn).toBeGreaterThan(898_000);
    // STS counts from its own moment (in whole seconds), some time between the send and the answer.
    expect(expiresIn).toBeLessThanOrEqual(after - before + 900_000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/keywarden/keywarden-U0ALICE`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]{17}:keywarden-U0ALICE$/);
    expect(out.SourceIdentity).toBe('U0ALICE');
    expect(accounts.registry.issued()).toMatchObject([
      {
        accessKeyId: creds?.AccessKeyId,
        accountId: PROD,
        roleArn: PROD_ROLE,
        roleSessionName: 'keywarden-U0ALICE',
        sourceIdentity: 'U0ALICE',
      },
    ]);
  });

  it('records every AssumeRole with the caller’s key, so a test can count them', async () => {
    const issued = await sts.send(new AssumeRoleCommand(prod));
    await failure(sts.send(new AssumeRoleCommand({ ...prod, ExternalId: 'wrong' })));

    expect(accounts.sts.assumeRoleCalls()).toEqual([
      {
        roleArn: PROD_ROLE,
        roleSessionName: 'keywarden-U0ALICE',
        sourceIdentity: 'U0ALICE',
        externalId: 'keywarden-prod',
        callerAccessKeyId: BOT.accessKeyId,
        status: 200,
        issuedAccessKeyId: issued.Credentials?.AccessKeyId,
        at: expect.any(Date),
      },
      expect.objectContaining({ externalId: 'wrong', status: 403, errorCode: 'AccessDenied' }),
    ]);
    expect(accounts.sts.assumeRoleCalls()[1]).not.toHaveProperty('issuedAccessKeyId');
  });

  it.each([
    ['a wrong ExternalId', { ...prod, ExternalId: 'keywarden-staging' }],
    ['no ExternalId where the trust demands one', { ...prod, ExternalId: undefined }],
    ['a role it does not know', { ...prod, RoleArn: `arn:aws:iam::${PROD}:role/admin` }],
  ])('refuses %s with AccessDenied (403) naming the caller and the role', async (_case, input) => {
    const error = await failure(sts.send(new AssumeRoleCommand(input)));

    expect(error.name).toBe('AccessDenied');
    expect(error['$metadata']).toMatchObject({ httpStatusCode: 403 });
    expect(error.message).toBe(
      `User: arn:aws:iam::${HOME}:user/keywarden-bot is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
    );
    expect(accounts.registry.issued()).toEqual([]);
  });

  it('refuses a caller from an account the role does not trust', async () => {
    accounts.registry.addBase('AKIAOTHERACCOUNT001', '333333333333');
    const other = stsClient(accounts.sts, {
      credentials: { accessKeyId: 'AKIAOTHERACCOUNT001', secretAccessKey: 'x' },
    });
    try {
      const error = await failure(
        other.send(new AssumeRoleCommand({ RoleArn: STAGING_ROLE, RoleSessionName: 'x1' })),
      );
      expect(error.name).toBe('AccessDenied');
      expect(error.message).toContain('User: arn:aws:iam::333333333333:user/keywarden-bot is not authorized');
    } finally {
      other.destroy();
    }
  });

  it.each([
    ['RoleSessionName too short', { RoleSessionName: 'k' }, "at 'roleSessionName'"],
    ['RoleSessionName with a space', { RoleSessionName: 'keywarden U0ALICE' }, "at 'roleSessionName'"],
    ['RoleSessionName over 64', { RoleSessionName: `k${'x'.repeat(64)}` }, "at 'roleSessionName'"],
    ['SourceIdentity with a slash', { SourceIdentity: 'U0/ALICE' }, "at 'sourceIdentity'"],
    ['SourceIdentity too short', { SourceIdentity: 'U' }, "at 'sourceIdentity'"],
    ['DurationSeconds under 900', { DurationSeconds: 60 }, "at 'durationSeconds'"],
  ])('answers ValidationError (400) for %s', async (_case, change, field) => {
    const error = await failure(sts.send(new AssumeRoleCommand({ ...prod, ...change })));

    expect(error.name).toBe('ValidationError');
    expect(error['$metadata']).toMatchObject({ httpStatusCode: 400 });
    expect(error.message).toContain(field);
    expect(error.message).toMatch(
      /^1 validation error detected: Value '.*' at '\w+' failed to satisfy constraint/,
    );
  });

  it('holds a session to the role’s MaxSessionDuration', async () => {
    const error = await failure(sts.send(new AssumeRoleCommand({ ...prod, DurationSeconds: 7200 })));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  });

  it('enforces sts:SetSourceIdentity and a StringLike condition on sts:SourceIdentity', async () => {
    accounts.sts.setRole(STAGING_ROLE, { trusts: [HOME], sourceIdentityLike: 'U*' });
    const base = { RoleArn: STAGING_ROLE, RoleSessionName: 'keywarden' };

    await expect(
      sts.send(new AssumeRoleCommand({ ...base, SourceIdentity: 'U0BOB' })),
    ).resolves.toBeDefined();
    expect((await failure(sts.send(new AssumeRoleCommand({ ...base, SourceIdentity: 'bob' })))).name).toBe(
      'AccessDenied',
    );
    expect((await failure(sts.send(new AssumeRoleCommand(base)))).name).toBe('AccessDenied');

    accounts.sts.setRole(STAGING_ROLE, { trusts: [HOME], allowSourceIdentity: false });
    expect((await failure(sts.send(new AssumeRoleCommand({ ...base, SourceIdentity: 'U0BOB' })))).name).toBe(
      'AccessDenied',
    );
    await expect(sts.send(new AssumeRoleCommand(base))).resolves.toBeDefined();
  });

  it('answers InvalidClientTokenId for a caller key it does not know, and ExpiredToken for a lapsed session', async () => {
    const stranger = stsClient(accounts.sts, {
      credentials: { accessKeyId: 'AKIASTRANGER000001', secretAccessKey: 'x' },
    });
    const issued = await sts.send(new AssumeRoleCommand(prod));
    const [session] = accounts.registry.issued();
    if (!session) throw new Error('no session issued');
    accounts.registry.register({ ...session, expiresAt: new Date(Date.now() - 1) });
    const lapsed = stsClient(accounts.sts, {
      credentials: {
        accessKeyId: issued.Credentials?.AccessKeyId ?? '',
        secretAccessKey: issued.Credentials?.SecretAccessKey ?? '',
        sessionToken: issued.Credentials?.SessionToken ?? '',
      },
    });
    try {
      const unknown = await failure(stranger.send(new AssumeRoleCommand(prod)));
      const expired = await failure(lapsed.send(new GetCallerIdentityCommand({})));

      expect([unknown.name, unknown.message]).toEqual([
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      ]);
      expect(unknown['$metadata']).toMatchObject({ httpStatusCode: 403 });
      expect([expired.name, expired.message]).toEqual([
        'ExpiredToken',
        'The security token included in the request is expired',
      ]);
      expect(expired['$metadata']).toMatchObject({ httpStatusCode: 403 });
    } finally {
      stranger.destroy();
      lapsed.destroy();
    }
  });

  it('names the caller in GetCallerIdentity, a session as its assumed role', async () => {
    const self = await sts.send(new GetCallerIdentityCommand({}));
    const issued = await sts.send(new AssumeRoleCommand(prod));
    const asRole = stsClient(accounts.sts, {
      credentials: {
        accessKeyId: issued.Credentials?.AccessKeyId ?? '',
        secretAccessKey: issued.Credentials?.SecretAccessKey ?? '',
        sessionToken: issued.Credentials?.SessionToken ?? '',
      },
    });
    try {
      const role = await asRole.send(new GetCallerIdentityCommand({}));
      expect([self.Account, self.Arn]).toEqual([HOME, `arn:aws:iam::${HOME}:user/keywarden-bot`]);
      expect([role.Account, role.Arn]).toEqual([PROD, issued.AssumedRoleUser?.Arn]);
      expect(role.UserId).toBe(issued.AssumedRoleUser?.AssumedRoleId);
    } finally {
      asRole.destroy();
    }
  });

  it('keeps the source identity through role chaining, and caps a chained session at an hour', async () => {
    accounts.sts.setRole(STAGING_ROLE, { trusts: [PROD_ROLE], maxSessionSeconds: 7200 });
    const first = await sts.send(new AssumeRoleCommand(prod));
    const chained = stsClient(accounts.sts, {
      credentials: {
        accessKeyId: first.Credentials?.AccessKeyId ?? '',
        secretAccessKey: first.Credentials?.SecretAccessKey ?? '',
        sessionToken: first.Credentials?.SessionToken ?? '',
      },
    });
    try {
      const second = await chained.send(
        new AssumeRoleCommand({ RoleArn: STAGING_ROLE, RoleSessionName: 'hop' }),
      );
      const tooLong = await failure(
        chained.send(
          new AssumeRoleCommand({ RoleArn: STAGING_ROLE, RoleSessionName: 'hop', DurationSeconds: 7200 }),
        ),
      );
      const changed = await failure(
        chained.send(
          new AssumeRoleCommand({
            RoleArn: STAGING_ROLE,
            RoleSessionName: 'hop',
            SourceIdentity: 'U0MALLORY',
          }),
        ),
      );

      expect(second.SourceIdentity).toBe('U0ALICE');
      expect(tooLong.name).toBe('ValidationError');
      expect(changed.name).toBe('AccessDenied');
      // The bot's own key is not in the role's trust: only the prod role's sessions are.
      expect(
        (await failure(sts.send(new AssumeRoleCommand({ RoleArn: STAGING_ROLE, RoleSessionName: 'x1' }))))
          .name,
      ).toBe('AccessDenied');
    } finally {
      chained.destroy();
    }
  });
});
