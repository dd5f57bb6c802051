export {
  DEMO_ONE_TIME_CODE,
  DEMO_PASSWORD,
  SANDBOX_ACR,
  startIdp,
  type IdpPerson,
  type IdpServer,
  type StartIdpOptions,
} from './server';
