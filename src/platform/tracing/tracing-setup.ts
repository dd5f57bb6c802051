import {
  context,
  diag,
  DiagLogLevel,
  isSpanContextValid,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { WebClient } from '@slack/web-api';
import { awsSdkInstrumentation, patchLoadedSmithyClient } from './aws-sdk-spans';
import { instrumentSlackCalls, withResponseUrls } from './slack-call-spans';
import { ScrubbingSpanProcessor } from './span-scrubber';
import { setTracingHooks, type RequestSurface, type TracingHooks } from './tracing-hooks';

export interface TracingOptions {
  /**
   * Where spans go; each is handed over as it ends (tests pass an InMemorySpanExporter). Unset: the
   * OTLP/HTTP exporter, which reads OTEL_EXPORTER_OTLP_* itself, behind a batching processor
   * (OTEL_BSP_*).
   */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** Sends what is still batched. */
  forceFlush(): Promise<void>;
  /** Sends what is still batched, then takes every patch and hook out again. */
  shutdown(): Promise<void>;
}

/** Ids come from the bot's own code; a bound keeps a malformed one from becoming a long span name. */
const MAX_NAME = 64;

function requestSpanName(
  surface: RequestSurface,
  name: string | undefined,
): { spanName: string; attributes: Attributes } {
  const id = name?.slice(0, MAX_NAME);
  return {
    spanName: id ? `slack ${surface} ${id}` : `slack ${surface}`,
    attributes: { 'keywarden.surface': surface, ...(id ? { [`keywarden.${surface}`]: id } : {}) },
  };
}

/**
 * Traces over OTLP/HTTP: a span per Slack request, the AWS SDK and Slack calls as its children,
 * trace_id and span_id on the log lines written inside a span (a logger made after this call).
 * Loaded only when tracing is on (./tracing-from-env), and before `@aws-sdk/*` is.
 */
export function startTracing(options: TracingOptions = {}): Tracing {
  // The SDK's own warnings (an unreachable collector) on stderr, one line each, message only.
  const toStderr = (message: string) => void process.stderr.write(`keywarden: tracing: ${message}\n`);
  const quiet = () => undefined;
  diag.setLogger(
    { error: toStderr, warn: toStderr, info: quiet, debug: quiet, verbose: quiet },
    DiagLogLevel.WARN,
  );
  const exporter = options.exporter ?? new OTLPTraceExporter();
  const processor: SpanProcessor = options.exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(exporter);
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'keywarden' }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new ScrubbingSpanProcessor(processor)],
  });
  provider.register();
  const tracer = provider.getTracer('keywarden');

  const aws = awsSdkInstrumentation();
  const unregisterInstrumentations = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [aws],
  });
  patchLoadedSmithyClient(aws);
  const restoreSlack = instrumentSlackCalls(tracer, WebClient, globalThis);

  const hooks: TracingHooks = {
    inRequestSpan(surface, name, body, work) {
      const { spanName, attributes } = requestSpanName(surface, name);
      const parent = withResponseUrls(context.active(), body);
      return tracer.startActiveSpan(spanName, { kind: SpanKind.SERVER, attributes }, parent, async (span) => {
        try {
          return await work();
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      });
    },
    failed(code) {
      const span = trace.getActiveSpan();
      span?.setAttribute('error.type', code);
      span?.setStatus({ code: SpanStatusCode.ERROR });
    },
    logFields() {
      const spanContext = trace.getActiveSpan()?.spanContext();
      if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
      return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
    },
  };
  setTracingHooks(hooks);

  return {
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      setTracingHooks(undefined);
      restoreSlack();
      unregisterInstrumentations();
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
