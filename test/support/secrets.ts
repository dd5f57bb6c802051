import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Bot } from './bot';

/** Every item in the bot's table, as text, for scanning. */
export async function storedItemsText(bot: Bot): Promise<string> {
  const { doc, tableName } = bot.keywarden.store;
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items);
}

/** Where each secret the IAM server ever issued appeared: Slack calls, response_url posts, logs, the store. */
export async function secretSightings(bot: Bot, secrets: string[]) {
  const calls = bot.slack.calls();
  const responses = JSON.stringify(bot.slack.responses());
  const logs = bot.logs.join('\n');
  const stored = await storedItemsText(bot);
  return secrets.map((secret) => ({
    secret,
    calls: calls.filter((call) => JSON.stringify(call.params).includes(secret)),
    inResponses: responses.includes(secret),
    inLogs: logs.includes(secret),
    inStore: stored.includes(secret),
  }));
}
