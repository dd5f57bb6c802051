export {
  SlackDriver,
  type DriverReply,
  type EventReply,
  type HttpReply,
  type SubmitReply,
  type SubmittedValues,
  type ViewClickReply,
} from './driver';
export {
  eventCallbackPayload,
  functionExecutedEvent,
  userContext,
  type EventCallback,
} from './event-payloads';
export type { FunctionExecution } from './functions';
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
export {
  viewBlockActionsPayload,
  viewSubmissionPayload,
  type ViewAction,
  type ViewPerson,
} from './view-payloads';
export { MAX_MODAL_STACK } from './views';
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
  SlackView,
  SlackViewClient,
  ViewStateValues,
  ViewSubmissionAnswer,
  SocketAck,
  StoredFile,
  StoredMessage,
} from './types';
