import type { Tracing } from './tracing-setup';

/** The standard variables that turn tracing on; the OTLP exporter reads them (and the other OTEL_*) itself. */
export const TRACING_VARIABLES = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
] as const;

export function tracingWanted(env: NodeJS.ProcessEnv): boolean {
  return TRACING_VARIABLES.some((name) => (env[name] ?? '').trim() !== '');
}

/**
 * Tracing over OTLP/HTTP when an OTLP endpoint is configured; otherwise undefined, and no
 * OpenTelemetry module is loaded (the setup is imported here, on demand, and nowhere else).
 * Call it before anything imports `@aws-sdk/*`: the AWS SDK instrumentation patches `@smithy/core`
 * as it is loaded (src/main.ts loads the app after it).
 */
export async function startTracingFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Tracing | undefined> {
  if (!tracingWanted(env)) return undefined;
  const { startTracing } = await import('./tracing-setup');
  return startTracing();
}
