import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The bot token scope each Slack Web API method Keywarden calls needs (Slack's method pages); '' for
 * none. A method missing here fails the test below: whoever adds a call decides its scope.
 */
const SCOPE_OF_METHOD: Record<string, string> = {
  'auth.test': '',
  'chat.postEphemeral': 'chat:write',
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'conversations.open': 'im:write',
  'files.completeUploadExternal': 'files:write',
  'files.getUploadURLExternal': 'files:write',
  // A custom step's own token completes it (function_runtime: remote), with no scope.
  'functions.completeSuccess': '',
  'usergroups.users.list': 'usergroups:read',
  'users.info': 'users:read',
  'users.lookupByEmail': 'users:read.email',
  'views.open': '',
  'views.publish': '',
};
/** The Web API's method families, as `client.<family>.<method>(` calls them (not a spread's `...auth`). */
const CALL =
  /(?<=[\w)])\.((?:admin|apps|auth|bookmarks|bots|calls|chat|conversations|dnd|emoji|files|functions|pins|reactions|reminders|search|stars|team|usergroups|users|views|workflows)\.[a-zA-Z]+(?:\.[a-zA-Z]+)?)\(/g;

function slackMethodsInSource(): string[] {
  const methods = new Set<string>();
  const src = join(__dirname, '../src');
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    for (const [, method = ''] of readFileSync(join(src, file), 'utf8').matchAll(CALL)) methods.add(method);
  }
  return [...methods].sort();
}

const manifest = parse(readFileSync(join(__dirname, '../manifest.yml'), 'utf8')) as {
  oauth_config: { scopes: { bot: string[] } };
};

describe('manifest.yml: the bot token scopes are exactly what the code calls', () => {
  const methods = slackMethodsInSource();
  const scopes = manifest.oauth_config.scopes.bot;

  it('knows the scope of every Web API method src/ calls', () => {
    expect(methods).toEqual(expect.arrayContaining(['chat.postMessage', 'conversations.open', 'users.info']));
    expect(methods.filter((method) => !(method in SCOPE_OF_METHOD))).toEqual([]);
  });

  it('asks for each scope those methods need (a missing one fails only in a real workspace)', () => {
    const needed = new Set(methods.map((method) => SCOPE_OF_METHOD[method]).filter(Boolean));
    expect([...needed].filter((scope) => !scopes.includes(scope as string))).toEqual([]);
  });

  it('asks for nothing more than those and `commands` (for /keys)', () => {
    const needed = new Set(['commands', ...methods.map((method) => SCOPE_OF_METHOD[method])]);
    expect(scopes.filter((scope) => !needed.has(scope))).toEqual([]);
  });
});
