import type { IdpServer } from '../../sandbox/idp';
import { STEP_UP_FAILURE_TEXTS } from '../../src/features/stepup/slack/texts';
import type { Bot } from '../support/bot';
import { outcomeOf, startStepUpBot } from '../support/step-up';

describe('step-up routes in Socket Mode', () => {
  let idp: IdpServer;
  let bot: Bot;
  let base: string;

  beforeAll(async () => {
    ({ idp, bot, publicUrl: base } = await startStepUpBot({ mode: 'socket' }));
  });
  afterAll(async () => {
    await bot.stop();
    await idp.close();
  });

  it('are served on PORT by the custom routes server Bolt starts, beside /healthz', async () => {
    const answer = await fetch(`${base}/stepup/start?t=${'x'.repeat(43)}`, { redirect: 'manual' });
    expect(answer.status).toBe(404);
    expect(outcomeOf(await answer.text())).toBe(STEP_UP_FAILURE_TEXTS['unknown-link']);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('a method they do not serve is refused, and its query (a code) never reaches a log line', async () => {
    const code = 'c0de-that-must-not-be-logged';
    const answer = await fetch(`${base}/stepup/callback?code=${code}&state=s`, { method: 'PUT' });
    expect(answer.status).toBe(405);
    expect(bot.logs.join('\n')).not.toContain(code);
  });
});
