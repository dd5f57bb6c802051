import { isWrapped, type InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';

/** The module whose `Client.prototype.send` the AWS SDK instrumentation wraps (@smithy/core >= 3.24). */
const SMITHY_CLIENT = '@smithy/core/client';
const SMITHY_CLIENT_FILE = '@smithy/core/dist-cjs/submodules/client/index.js';

interface SmithyClientModule {
  Client: { prototype: { send: unknown } };
}

/**
 * The AWS SDK calls (IAM, STS, DynamoDB...) as client spans, children of the request's span. The
 * instrumentation patches `@smithy/core` through a require hook as it is loaded, so it is created
 * before any `@aws-sdk/*` module (src/main.ts). Where the module was loaded already, or by a loader
 * the hook does not see (jest's), its patch is applied to the loaded module here.
 */
export function awsSdkInstrumentation(): AwsInstrumentation {
  // suppressInternalInstrumentation: the SDK's HTTP request is not a second span under each call.
  return new AwsInstrumentation({ suppressInternalInstrumentation: true });
}

export function patchLoadedSmithyClient(instrumentation: AwsInstrumentation): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(SMITHY_CLIENT) as SmithyClientModule;
  if (isWrapped(loaded.Client.prototype.send)) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version = (require('@smithy/core/package.json') as { version: string }).version;
  const definitions = instrumentation.getModuleDefinitions() as InstrumentationNodeModuleDefinition[];
  for (const definition of definitions) {
    for (const file of definition.files) {
      if (file.name === SMITHY_CLIENT_FILE) file.patch(loaded, version);
    }
  }
}
