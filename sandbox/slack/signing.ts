import { createHmac } from 'node:crypto';

/**
 * The headers Slack puts on every request to an app: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`
 * under the signing secret. Commands and interactivity must come as exactly `application/x-www-form-urlencoded`
 * (Bolt answers 400 to anything else); the Events API posts JSON.
 */
export function slackSignatureHeaders(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
  contentType: 'application/x-www-form-urlencoded' | 'application/json' = 'application/x-www-form-urlencoded',
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest('hex');
  return {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': `v0=${signature}`,
  };
}
