export { SlackDriver, type DriverReply } from './driver';
export {
  blockActionsPayload,
  interactiveBody,
  slashCommandBody,
  slashCommandPayload,
  type BlockAction,
  type SlashCommand,
} from './payloads';
export { startSlackServer } from './server';
export { slackSignatureHeaders } from './signing';
export type {
  EnvelopeType,
  FailureSpec,
  MessageChange,
  RecordedResponse,
  ResponseUrlContext,
  SlackCall,
  SlackServer,
  SlackServerOptions,
  SlackSocket,
  SlackUserSeed,
  SocketAck,
  StoredFile,
  StoredMessage,
} from './types';
