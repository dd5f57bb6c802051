import type { App, ReceiverEvent } from '@slack/bolt';
import type { AckSurface, Metrics } from './metrics';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function surfaceOf(body: unknown): AckSurface | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.command === 'string') return 'command';
  if (body.type === 'block_actions') return 'action';
  if (body.type === 'view_submission' || body.type === 'view_closed') return 'view';
  if (body.type === 'event_callback') return 'event';
  return undefined;
}

/**
 * Times each request from Bolt receiving it (its signature verified) to its ack. Every receiver hands
 * its requests to `app.processEvent`, and the ack reaches listeners only through the event it is
 * given (middleware gets a copy of the listener's arguments, so it cannot wrap the ack): the event's
 * ack is wrapped here, in both modes.
 */
export function timeAcks(app: App, metrics: Metrics): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const surface = surfaceOf(event.body);
    if (surface === undefined) return processEvent(event);
    const started = process.hrtime.bigint();
    const { ack } = event;
    let timed = false;
    return processEvent({
      ...event,
      ack: async (response) => {
        try {
          await ack(response);
        } finally {
          if (!timed) {
            timed = true;
            metrics.ackDuration.labels(surface).observe(Number(process.hrtime.bigint() - started) / 1e9);
          }
        }
      },
    });
  };
}
