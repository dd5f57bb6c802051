/**
 * The seam between the code every request runs and OpenTelemetry. Nothing here imports an
 * `@opentelemetry` module: with tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT) none is loaded, and a
 * request pays one check of `active`. `startTracing` (./tracing-setup, loaded only when tracing is on)
 * installs the real hooks.
 */

/** The Slack surface a request came from, as the request middleware names it. */
export type RequestSurface = 'command' | 'button' | 'view' | 'event' | 'other';

/** Where a request's log lines are in a trace: the OpenTelemetry ids, lower-case hex. */
export interface TraceLogFields {
  trace_id: string;
  span_id: string;
}

export interface TracingHooks {
  /**
   * Runs a Slack request's work in its own span: named by the surface and the command, action,
   * view or event id only (never what a person typed, never who). `body` is read for its
   * response_url alone, so the answer posted there is named as such.
   */
  inRequestSpan<T>(
    surface: RequestSurface,
    name: string | undefined,
    body: unknown,
    work: () => Promise<T>,
  ): Promise<T>;
  /** Marks the request's span as failed, with the error's stable code (never its message). */
  failed(code: string): void;
  /** The active span's ids, for a log line; undefined outside a span. */
  logFields(): TraceLogFields | undefined;
}

let active: TracingHooks | undefined;

/** Installed by startTracing, removed by its shutdown. */
export function setTracingHooks(hooks: TracingHooks | undefined): void {
  active = hooks;
}

export function tracingHooks(): TracingHooks | undefined {
  return active;
}

/** Marks the active request span as failed; nothing when tracing is off. */
export function markRequestFailed(code: string): void {
  active?.failed(code);
}

/** The request's work, in a span when tracing is on; else the work itself. */
export function inRequestSpan<T>(
  surface: RequestSurface,
  name: string | undefined,
  body: unknown,
  work: () => Promise<T>,
): Promise<T> {
  return active ? active.inRequestSpan(surface, name, body, work) : work();
}
