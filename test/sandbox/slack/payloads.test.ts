import {
  blockActionsPayload,
  interactiveBody,
  slashCommandBody,
  slashCommandPayload,
} from '../../../sandbox/slack';
import { buttons, section } from './fixtures';

const COMMAND = {
  command: '/keys',
  text: 'list alice & bob',
  userId: 'U0ALICE',
  userName: 'alice',
  channelId: 'D0ALICE',
  responseUrl: 'http://127.0.0.1:1/commands/T0SANDBOX/1/abc',
};

describe('payloads Slack sends to an app', () => {
  it('form-encodes a slash command with every field Slack sends, as strings', () => {
    const decoded = Object.fromEntries(new URLSearchParams(slashCommandBody(COMMAND)));
    expect(decoded).toEqual(slashCommandPayload({ ...COMMAND, triggerId: decoded.trigger_id }));
    expect(decoded).toMatchObject({
      command: '/keys',
      text: 'list alice & bob',
      user_id: 'U0ALICE',
      user_name: 'alice',
      channel_id: 'D0ALICE',
      channel_name: 'directmessage',
      team_id: 'T0SANDBOX',
      response_url: COMMAND.responseUrl,
      is_enterprise_install: 'false',
    });
    expect(decoded.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
  });

  it('describes a click on a channel message with the message and the button it came from', () => {
    const blocks = [
      section('Approve?', 'question'),
      buttons('approval-1', { actionId: 'approve', value: 'req-1', text: 'Approve' }),
    ];
    const payload = blockActionsPayload({
      userId: 'U0BOB',
      actionId: 'approve',
      value: 'req-1',
      channelId: 'C0APPROVALS',
      messageTs: '1700000000.000100',
      responseUrl: 'http://127.0.0.1:1/actions/T0SANDBOX/2/def',
      message: { text: 'Approve?', blocks, user: 'U0KEYWARDEN', botId: 'B0KEYWARDEN' },
    });
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BOB', team_id: 'T0SANDBOX' },
      container: {
        type: 'message',
        message_ts: '1700000000.000100',
        channel_id: 'C0APPROVALS',
        is_ephemeral: false,
      },
      channel: { id: 'C0APPROVALS' },
      message: { ts: '1700000000.000100', text: 'Approve?', blocks, bot_id: 'B0KEYWARDEN' },
      response_url: 'http://127.0.0.1:1/actions/T0SANDBOX/2/def',
      actions: [
        {
          type: 'button',
          action_id: 'approve',
          block_id: 'approval-1',
          value: 'req-1',
          text: { type: 'plain_text', text: 'Approve' },
        },
      ],
    });
  });

  it('leaves the message out for an ephemeral origin, as Slack does', () => {
    const payload = blockActionsPayload({
      userId: 'U0ALICE',
      actionId: 'confirm',
      value: 'x',
      channelId: 'D0ALICE',
      messageTs: '1700000000.000200',
      responseUrl: 'http://127.0.0.1:1/actions/T0SANDBOX/3/ghi',
      isEphemeral: true,
      message: { text: 'secret' },
    });
    expect(payload.container).toMatchObject({ type: 'message', is_ephemeral: true });
    expect(payload).not.toHaveProperty('message');
  });

  it('wraps interactivity as a single form field holding JSON', () => {
    const body = interactiveBody({ type: 'block_actions', note: 'a&b=c' });
    expect([...new URLSearchParams(body).keys()]).toEqual(['payload']);
    expect(JSON.parse(new URLSearchParams(body).get('payload') ?? '')).toEqual({
      type: 'block_actions',
      note: 'a&b=c',
    });
  });
});
