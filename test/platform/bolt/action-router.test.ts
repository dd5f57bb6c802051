import type { App } from '@slack/bolt';
import { ActionRouter } from '../../../src/platform/bolt/action-router';
import type { ButtonArgs } from '../../../src/platform/bolt/button-action';

/** What Bolt is given: the one matcher and its listener. */
function registered(router: ActionRouter) {
  let matcher: RegExp | undefined;
  let listener: ((args: ButtonArgs) => Promise<void>) | undefined;
  const app = {
    action: (constraint: RegExp, handle: (args: ButtonArgs) => Promise<void>) => {
      matcher = constraint;
      listener = handle;
    },
  } as unknown as App;
  router.register(app);
  if (!matcher || !listener) throw new Error('nothing registered');
  return { matcher, listener };
}

const click = (actionId: string) => ({ action: { action_id: actionId } }) as unknown as ButtonArgs;

describe('ActionRouter: every button through one Bolt listener', () => {
  it('matches exactly the ids it was given, a dot a dot, and dispatches each to its own listener', async () => {
    const router = new ActionRouter();
    const seen: string[] = [];
    router.on('key.request-deletion', async () => void seen.push('delete'));
    router.on('approval.approve', async () => void seen.push('approve'));
    const { matcher, listener } = registered(router);

    for (const id of ['key.request-deletion', 'approval.approve']) expect(matcher.test(id)).toBe(true);
    for (const id of ['keyXrequest-deletion', 'key.request-deletion2', 'xapproval.approve', 'approval']) {
      expect(matcher.test(id)).toBe(false);
    }
    await listener(click('approval.approve'));
    await listener(click('key.request-deletion'));
    expect(seen).toEqual(['approve', 'delete']);
  });

  it('refuses two listeners for one action id', () => {
    const router = new ActionRouter();
    router.on('home.withdraw', async () => undefined);
    expect(() => router.on('home.withdraw', async () => undefined)).toThrow('two listeners');
  });
});
