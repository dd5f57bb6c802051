/**
 * The yardstick of bench/ack-latency.ts: a Bolt app with nothing in it but an ack with a fixed text,
 * on the same receiver, signing secret and Slack stand-in as the bot. Run as a process of its own.
 */
import { App, LogLevel } from '@slack/bolt';

export const BARE_ANSWER = 'A fixed answer.';

async function main(): Promise<void> {
  const app = new App({
    signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
    token: process.env.SLACK_BOT_TOKEN ?? '',
    // Given both, Bolt skips its auth.test at construction: nothing but the ack is measured.
    botId: 'B0BAREBOLT',
    botUserId: 'U0BAREBOLT',
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
    logLevel: LogLevel.ERROR,
    customRoutes: [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          res.writeHead(200);
          res.end('ok');
        },
      },
    ],
  });
  app.command('/keys', async ({ ack }) => {
    await ack(BARE_ANSWER);
  });
  await app.start(Number(process.env.PORT ?? 3000));
  process.once('SIGTERM', () => {
    void app.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
