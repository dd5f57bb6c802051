import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tracingWanted } from '../../../src/platform/tracing/tracing-from-env';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * A fresh Node process (jest's module registry is not require.cache) loads the TypeScript sources
 * through a transpile-only hook, asks for tracing as src/main.ts does, loads the whole app, and
 * prints every @opentelemetry module in require.cache.
 */
const SCRIPT = `
const ts = require('typescript');
const fs = require('node:fs');
require.extensions['.ts'] = (module, file) => {
  const source = fs.readFileSync(file, 'utf8');
  const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  module._compile(ts.transpileModule(source, { compilerOptions: options, fileName: file }).outputText, file);
};
(async () => {
  const { startTracingFromEnv } = require('./src/platform/tracing/tracing-from-env.ts');
  const tracing = await startTracingFromEnv(process.env);
  require('./src/app.ts');
  const packages = new Set(
    Object.keys(require.cache)
      .flatMap((path) => path.split('node_modules/').slice(1))
      .map((tail) => tail.split('/').slice(0, 2).join('/'))
      .filter((name) => name.startsWith('@opentelemetry/')),
  );
  // What the API keeps once a provider or context manager is registered: absent while nothing runs.
  const registered = globalThis[Symbol.for('opentelemetry.js.api.1')] !== undefined;
  await tracing?.shutdown();
  process.stdout.write(JSON.stringify({ started: tracing !== undefined, packages: [...packages].sort(), registered }));
})().catch((error) => { process.stderr.write(String(error && error.stack)); process.exit(1); });
`;

interface Loaded {
  started: boolean;
  /** The @opentelemetry packages in require.cache. */
  packages: string[];
  registered: boolean;
}

async function loadedModules(env: Record<string, string>): Promise<Loaded> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', SCRIPT], {
    cwd: ROOT,
    env: { ...clean, ...env },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Loaded;
}

describe('tracing off', () => {
  it('with no OTLP endpoint set, loads no OpenTelemetry SDK, exporter or instrumentation, and registers nothing', async () => {
    // prom-client (the metrics) requires @opentelemetry/api for exemplars; the API alone is a no-op
    // until a provider is registered, and none is.
    expect(await loadedModules({})).toEqual({
      started: false,
      packages: ['@opentelemetry/api'],
      registered: false,
    });
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT set, starts tracing (the check above can fail)', async () => {
    // Nothing is exported: no span is made before the shutdown.
    const result = await loadedModules({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    expect(result.started).toBe(true);
    expect(result.packages).toEqual(
      expect.arrayContaining([
        '@opentelemetry/sdk-trace-node',
        '@opentelemetry/exporter-trace-otlp-http',
        '@opentelemetry/instrumentation-aws-sdk',
      ]),
    );
  });

  it('is turned on by either standard endpoint variable, and not by an empty one', () => {
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toBe(
      true,
    );
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ', OTEL_SERVICE_NAME: 'keywarden' })).toBe(false);
  });
});
