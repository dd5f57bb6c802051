import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMServiceException,
  LimitExceededException,
  ListUsersCommand,
  NoSuchEntityException,
  ServiceFailureException,
} from '@aws-sdk/client-iam';
import type { Fault } from '../../../sandbox/iam';
import { failure, fixedClockState, startWith } from './iam-client';

describe('sandbox IAM: each error code reaches the SDK as IAM’s would', () => {
  it.each<[Fault['code'], number, string, 'client' | 'server', unknown]>([
    ['Throttling', 400, 'Throttling', 'client', undefined],
    ['AccessDenied', 403, 'AccessDenied', 'client', undefined],
    ['NoSuchEntity', 404, 'NoSuchEntityException', 'client', NoSuchEntityException],
    ['LimitExceeded', 409, 'LimitExceededException', 'client', LimitExceededException],
    ['ServiceFailure', 500, 'ServiceFailureException', 'server', ServiceFailureException],
    ['ServiceUnavailable', 503, 'ServiceUnavailable', 'server', undefined],
  ])('%s: HTTP %i, SDK name %s', async (code, status, name, fault, modelled) => {
    const { state } = fixedClockState();
    const { server, iam } = await startWith(state);
    server.injectFault({ action: 'ListUsers', code });
    try {
      const error = await failure(iam.send(new ListUsersCommand({})));

      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(IAMServiceException);
      if (modelled) expect(error).toBeInstanceOf(modelled as typeof NoSuchEntityException);
      expect(error['$fault']).toBe(fault);
      expect(error['$metadata']).toMatchObject({ httpStatusCode: status });
      expect((error['$metadata'] as { requestId?: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(server.calls('ListUsers')).toMatchObject([{ status, errorCode: code }]);
    } finally {
      iam.destroy();
      await server.close();
    }
  });

  it('maps the credential report’s absent and in-progress states to their own exception classes', async () => {
    const { state } = fixedClockState();
    const { server, iam } = await startWith(state);
    server.setReportGenerationMs(60_000);
    try {
      const absent = await failure(iam.send(new GetCredentialReportCommand({})));
      expect(absent).toBeInstanceOf(CredentialReportNotPresentException);
      expect(absent['$metadata']).toMatchObject({ httpStatusCode: 410 });

      await iam.send(new GenerateCredentialReportCommand({}));
      const pending = await failure(iam.send(new GetCredentialReportCommand({})));
      expect(pending).toBeInstanceOf(CredentialReportNotReadyException);
      expect(pending['$metadata']).toMatchObject({ httpStatusCode: 404 });
    } finally {
      iam.destroy();
      await server.close();
    }
  });

  it('answers ReportExpired (410) for a report older than four hours', async () => {
    const { state, clock } = fixedClockState();
    const { server, iam } = await startWith(state);
    server.setReportGenerationMs(0);
    try {
      await iam.send(new GenerateCredentialReportCommand({}));
      await iam.send(new GetCredentialReportCommand({}));

      clock.now = new Date(clock.now.getTime() + 4 * 60 * 60 * 1000);
      const error = await failure(iam.send(new GetCredentialReportCommand({})));

      expect(error).toBeInstanceOf(CredentialReportExpiredException);
      expect(error['$metadata']).toMatchObject({ httpStatusCode: 410 });
    } finally {
      iam.destroy();
      await server.close();
    }
  });
});
