import { createHmac } from 'node:crypto';

/**
 * The headers Slack puts on every request to an app: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`
 * under the signing secret. The content type must be exactly this string: Bolt answers 400 to anything else.
 */
export function slackSignatureHeaders(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': `v0=${signature}`,
  };
}
