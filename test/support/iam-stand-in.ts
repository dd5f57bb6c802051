import { IamState, startIamServer, type IamServer } from '../../sandbox/iam';

/**
 * An IAM stand-in holding these users, started before a suite's tests and closed after them (call
 * it in a `describe`); the returned function gives the running server.
 */
export function iamStandInWith(...users: string[]): () => IamServer {
  let iam: IamServer | undefined;
  beforeAll(async () => {
    const state = new IamState();
    for (const user of users) state.addUser(user);
    iam = await startIamServer({ state });
  });
  afterAll(() => iam?.close());
  return () => {
    if (!iam) throw new Error('the IAM stand-in has not started');
    return iam;
  };
}
