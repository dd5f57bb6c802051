export { blocksToHtml } from './blocks';
export { decodeSlackEntities, escapeHtml, isWebUrl } from './escape';
export {
  messageToHtml,
  ONLY_VISIBLE_TO_YOU,
  timeOf,
  type MessageContext,
  type MessageInput,
} from './message';
export { mrkdwnToHtml } from './mrkdwn';
export { NO_NAMES, type Names } from './names';
