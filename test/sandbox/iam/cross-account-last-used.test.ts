import { GetAccessKeyLastUsedCommand, type IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { IamState, startIamServer, type IamServer } from '../../../sandbox/iam';
import { failure, iamClient } from './iam-client';

const HOME = '123456789012';
const PROD = '111111111111';
const HOME_KEY = 'AKIDKEYWARDENHOME';
const PROD_KEY = 'AKIDKEYWARDENPROD';

describe('sandbox IAM: cross-account mode, as emulators that answer GetAccessKeyLastUsed for any account', () => {
  let prod: IamState;
  let server: IamServer;
  let fromHome: IAMClient;
  let fromProd: IAMClient;
  let prodKey: string;

  beforeEach(async () => {
    const home = new IamState();
    prod = new IamState({ accountId: PROD });
    home.addUser('alice');
    prod.addUser('alice');
    prodKey = prod.addKey('alice').accessKeyId;
    server = await startIamServer({
      state: home,
      accounts: { [PROD]: prod },
      baseCredentials: { [HOME_KEY]: HOME, [PROD_KEY]: PROD },
    });
    fromHome = iamClient(server, { credentials: { accessKeyId: HOME_KEY, secretAccessKey: 'x' } });
    fromProd = iamClient(server, { credentials: { accessKeyId: PROD_KEY, secretAccessKey: 'x' } });
  });

  afterEach(async () => {
    fromHome.destroy();
    fromProd.destroy();
    await server.close();
  });

  it('is off by default: an account answers NoSuchEntity for a key of another', async () => {
    const error = await failure(fromHome.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: prodKey })));
    expect(error.name).toBe('NoSuchEntityException');
  });

  it('on: the home account answers for the prod key with its user, but its own alice does not list it', async () => {
    server.setCrossAccountLastUsed(true);

    const answer = await fromHome.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: prodKey }));
    const homeListing = await fromHome.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    const prodListing = await fromProd.send(new ListAccessKeysCommand({ UserName: 'alice' }));

    expect(answer.UserName).toBe('alice');
    expect(homeListing.AccessKeyMetadata).toEqual([]);
    expect(prodListing.AccessKeyMetadata?.map((key) => key.AccessKeyId)).toEqual([prodKey]);
    expect(server.calls('GetAccessKeyLastUsed')).toMatchObject([{ accountId: HOME, status: 200 }]);
  });

  it('on: a key no account holds is still NoSuchEntity, and turning it off restores IAM’s answer', async () => {
    server.setCrossAccountLastUsed(true);
    const unknown = await failure(
      fromHome.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIANOSUCHKEYANYWHERE' })),
    );
    server.setCrossAccountLastUsed(false);
    const off = await failure(fromHome.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: prodKey })));

    expect(unknown.name).toBe('NoSuchEntityException');
    expect(off.name).toBe('NoSuchEntityException');
  });
});
