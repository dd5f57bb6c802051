import {
  ErrorCode,
  type KnownBlock,
  type ModalView,
  type WebAPIPlatformError,
  type WebClient,
} from '@slack/web-api';

import { startSlackServer, type SlackServer } from '../../../sandbox/slack';
import {
  ALICE,
  BOB,
  BOT_TOKEN,
  CAROL,
  buttons,
  section,
  silentLogger,
  startSandbox,
  webClient,
} from './fixtures';

let server: SlackServer;
let client: WebClient;

beforeEach(async () => {
  server = await startSandbox();
  client = webClient(server, { logger: silentLogger });
});

afterEach(async () => {
  await server.close();
});

async function platformError(call: Promise<unknown>): Promise<WebAPIPlatformError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: ErrorCode.PlatformError });
  return error as WebAPIPlatformError;
}

function modal(title: string, extra: Partial<ModalView> = {}): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: title },
    blocks: [section(`*${title}*`, 'intro')],
    ...extra,
  };
}

const reasonInput = {
  type: 'input' as const,
  block_id: 'reason',
  label: { type: 'plain_text' as const, text: 'Reason' },
  element: { type: 'plain_text_input' as const, action_id: 'text' },
};

describe('views.open', () => {
  it('opens a modal for the person the trigger was issued to, and answers with the view as Slack does', async () => {
    const trigger = server.issueTriggerId(ALICE.id);
    const view = modal('Delete key', {
      callback_id: 'delete-key',
      private_metadata: '{"key":"AKIA1"}',
      submit: { type: 'plain_text', text: 'Request' },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [reasonInput],
    });
    const result = await client.views.open({ trigger_id: trigger, view });
    expect(result.view).toEqual({
      id: expect.stringMatching(/^V[A-Z0-9]{10}$/),
      team_id: server.teamId,
      type: 'modal',
      title: view.title,
      submit: view.submit,
      close: view.close,
      blocks: [reasonInput],
      private_metadata: '{"key":"AKIA1"}',
      callback_id: 'delete-key',
      external_id: '',
      state: { values: {} },
      hash: expect.stringMatching(/^\d+\.\w+$/),
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: result.view?.id,
      previous_view_id: null,
      app_id: server.appId,
      app_installed_team_id: server.teamId,
      bot_id: server.botId,
    });
    expect(server.openViews(ALICE.id)).toEqual([result.view]);
    expect(server.openViews(BOB.id)).toEqual([]);
    expect(server.view(result.view?.id ?? '')).toEqual(result.view);
    expect(server.calls('views.open')).toEqual([
      expect.objectContaining({ ok: true, token: BOT_TOKEN, params: { trigger_id: trigger, view } }),
    ]);
  });

  it('takes a trigger once: the second use is expired_trigger_id', async () => {
    const trigger = server.issueTriggerId(ALICE.id);
    await client.views.open({ trigger_id: trigger, view: modal('First') });
    const error = await platformError(client.views.open({ trigger_id: trigger, view: modal('Second') }));
    expect(error.data.error).toBe('expired_trigger_id');
    expect(server.openViews(ALICE.id).map((v) => v.title)).toEqual([{ type: 'plain_text', text: 'First' }]);
    expect(server.calls('views.open').map((c) => c.error)).toEqual([undefined, 'expired_trigger_id']);
  });

  it('refuses a trigger it never issued with invalid_trigger_id, and a missing one with invalid_arguments', async () => {
    const unknown = await platformError(
      client.views.open({ trigger_id: '12345.98765.abcd2358fdea', view: modal('Nope') }),
    );
    expect(unknown.data.error).toBe('invalid_trigger_id');
    const missing = await platformError(client.apiCall('views.open', { view: modal('Nope') }));
    expect(missing.data.error).toBe('invalid_arguments');
    expect(server.openViews(ALICE.id)).toEqual([]);
  });

  it('refuses a trigger older than its lifetime (3 s in Slack) with expired_trigger_id', async () => {
    const quick = await startSlackServer({ botToken: BOT_TOKEN, users: [ALICE], triggerLifetimeMs: 50 });
    try {
      const trigger = quick.issueTriggerId(ALICE.id);
      await new Promise((resolve) => setTimeout(resolve, 80));
      const error = await platformError(
        webClient(quick, { logger: silentLogger }).views.open({ trigger_id: trigger, view: modal('Late') }),
      );
      expect(error.data.error).toBe('expired_trigger_id');
      expect(quick.openViews(ALICE.id)).toEqual([]);
    } finally {
      await quick.close();
    }
  });

  it('refuses a view Slack would refuse with invalid_arguments and its [ERROR] lines, leaving the trigger good', async () => {
    const trigger = server.issueTriggerId(ALICE.id);
    const untitled = await platformError(
      client.apiCall('views.open', { trigger_id: trigger, view: { type: 'modal', blocks: [] } }),
    );
    expect(untitled.data).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: {
        messages: ['[ERROR] must provide a text object (plain_text or mrkdwn) [json-pointer:/view/title]'],
      },
    });
    const tooMany = await platformError(
      client.views.open({
        trigger_id: trigger,
        view: modal('Big', { blocks: Array.from({ length: 101 }, (_, i) => section(`row ${i}`)) }),
      }),
    );
    expect(tooMany.data.response_metadata?.messages).toEqual([
      '[ERROR] must provide no more than 100 items [json-pointer:/view/blocks]',
    ]);
    const noSubmit = await platformError(
      client.views.open({ trigger_id: trigger, view: modal('Form', { blocks: [reasonInput] }) }),
    );
    expect(noSubmit.data.response_metadata?.messages).toEqual([
      '[ERROR] must provide submit when using input blocks [json-pointer:/view/submit]',
    ]);
    const home = await platformError(
      client.apiCall('views.open', { trigger_id: trigger, view: { type: 'home', blocks: [] } }),
    );
    expect(home.data.response_metadata?.messages).toEqual([
      '[ERROR] must be modal [json-pointer:/view/type]',
    ]);
    const full = await client.views.open({
      trigger_id: trigger,
      view: modal('Full', { blocks: Array.from({ length: 100 }, (_, i) => section(`row ${i}`)) }),
    });
    expect(full.view?.blocks).toHaveLength(100);
  });

  it('replaces a stack the person had open: a fresh trigger opens a fresh modal', async () => {
    await client.views.open({ trigger_id: server.issueTriggerId(ALICE.id), view: modal('Old') });
    const fresh = await client.views.open({
      trigger_id: server.issueTriggerId(ALICE.id),
      view: modal('New'),
    });
    expect(server.openViews(ALICE.id).map((v) => v.id)).toEqual([fresh.view?.id]);
  });
});

describe('views.push', () => {
  it('stacks up to three modals per person, each pointing at the one below, then push_limit_reached', async () => {
    const root = await client.views.open({ trigger_id: server.issueTriggerId(ALICE.id), view: modal('One') });
    const second = await client.views.push({
      trigger_id: server.issueTriggerId(ALICE.id),
      view: modal('Two'),
    });
    const third = await client.views.push({
      trigger_id: server.issueTriggerId(ALICE.id),
      view: modal('Three'),
    });
    expect(second.view).toMatchObject({ root_view_id: root.view?.id, previous_view_id: root.view?.id });
    expect(third.view).toMatchObject({ root_view_id: root.view?.id, previous_view_id: second.view?.id });
    const fourth = await platformError(
      client.views.push({ trigger_id: server.issueTriggerId(ALICE.id), view: modal('Four') }),
    );
    expect(fourth.data.error).toBe('push_limit_reached');
    expect(server.openViews(ALICE.id).map((v) => v.id)).toEqual([
      root.view?.id,
      second.view?.id,
      third.view?.id,
    ]);
  });

  it('needs a fresh trigger like views.open', async () => {
    const trigger = server.issueTriggerId(ALICE.id);
    await client.views.open({ trigger_id: trigger, view: modal('One') });
    const error = await platformError(client.views.push({ trigger_id: trigger, view: modal('Two') }));
    expect(error.data.error).toBe('expired_trigger_id');
    expect(server.openViews(ALICE.id)).toHaveLength(1);
  });
});

describe('views.update', () => {
  it('changes an open view by view_id in place: same id, new hash', async () => {
    const opened = await client.views.open({
      trigger_id: server.issueTriggerId(ALICE.id),
      view: modal('Before'),
    });
    const id = opened.view?.id ?? '';
    const updated = await client.views.update({ view_id: id, view: modal('After') });
    expect(updated.view).toMatchObject({ id, title: { type: 'plain_text', text: 'After' } });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(server.view(id)).toEqual(updated.view);
  });

  it('finds a view by external_id, and refuses a second open view with the same one', async () => {
    await client.views.open({
      trigger_id: server.issueTriggerId(ALICE.id),
      view: modal('Mine', { external_id: 'request-42' }),
    });
    const updated = await client.views.update({ external_id: 'request-42', view: modal('Approved') });
    expect(updated.view).toMatchObject({ external_id: 'request-42', title: { text: 'Approved' } });
    const duplicate = await platformError(
      client.views.open({
        trigger_id: server.issueTriggerId(BOB.id),
        view: modal('Also', { external_id: 'request-42' }),
      }),
    );
    expect(duplicate.data.error).toBe('duplicate_external_id');
  });

  it('refuses a stale hash with hash_conflict and leaves the view as it was', async () => {
    const opened = await client.views.open({
      trigger_id: server.issueTriggerId(ALICE.id),
      view: modal('v1'),
    });
    const id = opened.view?.id ?? '';
    const second = await client.views.update({ view_id: id, hash: opened.view?.hash, view: modal('v2') });
    const stale = await platformError(
      client.views.update({ view_id: id, hash: opened.view?.hash, view: modal('v3') }),
    );
    expect(stale.data.error).toBe('hash_conflict');
    expect(server.view(id)).toEqual(second.view);
  });

  it('answers not_found for an unknown view and invalid_arguments without view_id or external_id', async () => {
    const unknown = await platformError(client.views.update({ view_id: 'V0NOSUCHVIEW', view: modal('x') }));
    expect(unknown.data.error).toBe('not_found');
    const neither = await platformError(client.apiCall('views.update', { view: modal('x') }));
    expect(neither.data.error).toBe('invalid_arguments');
  });

  it('checks the new view against the limits of its kind', async () => {
    const opened = await client.views.open({
      trigger_id: server.issueTriggerId(ALICE.id),
      view: modal('ok'),
    });
    const error = await platformError(
      client.views.update({ view_id: opened.view?.id ?? '', view: modal('x'.repeat(25)) }),
    );
    expect(error.data.response_metadata?.messages).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    ]);
  });
});

describe('views.publish', () => {
  const home = (text: string, blocks: KnownBlock[] = [section(text, 'welcome')]) => ({
    type: 'home' as const,
    callback_id: 'keywarden-home',
    blocks,
  });

  it("stores the person's Home tab, keeping its id across publishes with a new hash each time", async () => {
    expect(server.homeView(ALICE.id)).toBeUndefined();
    const first = await client.views.publish({ user_id: ALICE.id, view: home('Welcome') });
    expect(first.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      type: 'home',
      callback_id: 'keywarden-home',
      close: null,
      submit: null,
      blocks: [section('Welcome', 'welcome')],
    });
    expect(first.view).not.toHaveProperty('title');
    const second = await client.views.publish({
      user_id: ALICE.id,
      view: home('Your keys', [section('Your keys'), buttons('keys', { actionId: 'create', value: 'me' })]),
    });
    expect(second.view?.id).toBe(first.view?.id);
    expect(second.view?.hash).not.toBe(first.view?.hash);
    expect(server.homeView(ALICE.id)).toEqual(second.view);
    expect(server.homeView(BOB.id)).toBeUndefined();
    expect(server.openViews(ALICE.id)).toEqual([]);
  });

  it('holds at most 100 blocks in a Home tab', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => section(`key ${i}`));
    await client.views.publish({ user_id: ALICE.id, view: home('x', hundred) });
    const error = await platformError(
      client.views.publish({ user_id: ALICE.id, view: home('x', [...hundred, section('one more')]) }),
    );
    expect(error.data).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: {
        messages: ['[ERROR] must provide no more than 100 items [json-pointer:/view/blocks]'],
      },
    });
    expect(server.homeView(ALICE.id)?.blocks).toHaveLength(100);
  });

  it('refuses a modal, an unknown or deactivated person, and a stale hash', async () => {
    const asModal = await platformError(
      client.views.publish({ user_id: ALICE.id, view: modal('Nope') as never }),
    );
    expect(asModal.data.response_metadata?.messages).toEqual([
      '[ERROR] must be home [json-pointer:/view/type]',
    ]);
    for (const userId of ['U0NOBODY', CAROL.id]) {
      const error = await platformError(client.views.publish({ user_id: userId, view: home('x') }));
      expect(error.data).toMatchObject({
        error: 'invalid_arguments',
        response_metadata: { messages: ['invalid `user_id`'] },
      });
    }
    const first = await client.views.publish({ user_id: ALICE.id, view: home('one') });
    await client.views.publish({ user_id: ALICE.id, hash: first.view?.hash, view: home('two') });
    const stale = await platformError(
      client.views.publish({ user_id: ALICE.id, hash: first.view?.hash, view: home('three') }),
    );
    expect(stale.data.error).toBe('hash_conflict');
    expect(server.homeView(ALICE.id)?.blocks).toEqual([section('two', 'welcome')]);
  });

  it('lets views.update change a Home tab by its id', async () => {
    const published = await client.views.publish({ user_id: ALICE.id, view: home('one') });
    await client.views.update({ view_id: published.view?.id ?? '', view: home('updated') });
    expect(server.homeView(ALICE.id)?.blocks).toEqual([section('updated', 'welcome')]);
  });
});
