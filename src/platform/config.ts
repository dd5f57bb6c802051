import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { KeywardenError } from '../kernel/errors';
import { envSchema } from './config/env-schema';
import { policySchema, type Policy } from './config/policy-schema';

export { policySchema, type Policy, type ReportPolicy } from './config/policy-schema';

export interface Config {
  slack: {
    botToken: string;
    /** HTTP mode when set and no app token is given. */
    signingSecret?: string;
    /** Socket Mode when set. */
    appToken?: string;
    apiUrl?: string;
  };
  port: number;
  /** METRICS_PORT: GET /metrics on a server of its own; unset, on PORT beside /healthz. */
  metricsPort?: number;
  /** KEYWARDEN_METRICS=off: false, nothing is counted and /metrics is not served; unset or `on`, true. */
  metrics?: boolean;
  policyPath: string;
  store: { table?: string; createTable: boolean; dataDir: string };
  /** KEYWARDEN_AUDIT_EVENT_BUS: every audit event is also sent to this EventBridge bus (name or ARN). */
  auditEventBus?: string;
  /** KEYWARDEN_EXPOSURE_QUEUE_URL: the SQS queue AWS's leaked-key events arrive on; unset, no intake. */
  exposureQueueUrl?: string;
  logLevel: string;
  policy: Policy;
  /** Step-up (approvals.stepUp): where browsers reach the bot, and the OIDC client's secret if any. */
  stepUp?: { publicUrl: string; clientSecret?: string };
}

/** One line naming the field and what is wrong, as the run contract promises. */
function firstIssue(source: string, error: z.ZodError): KeywardenError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  const detail = issue?.message ?? 'is invalid';
  return new KeywardenError('CONFIG_INVALID', `${source}: ${field}: ${detail}`);
}

export function parsePolicy(text: string, source: string): Policy {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'not YAML';
    throw new KeywardenError('CONFIG_INVALID', `${source}: is not valid YAML: ${reason}`, { cause: error });
  }
  const parsed = policySchema.safeParse(raw ?? {});
  if (!parsed.success) throw firstIssue(source, parsed.error);
  return parsed.data;
}

function readPolicyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'file not found (start from keywarden.example.yml)' : `cannot be read (${code})`;
    throw new KeywardenError('CONFIG_INVALID', `KEYWARDEN_CONFIG: ${path}: ${why}`, { cause: error });
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables are treated as unset: `FOO=` in a compose file means "no value".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw firstIssue('environment', parsed.error);
  const vars = parsed.data;
  if (!vars.SLACK_SIGNING_SECRET && !vars.SLACK_APP_TOKEN) {
    throw new KeywardenError(
      'CONFIG_INVALID',
      'environment: SLACK_SIGNING_SECRET or SLACK_APP_TOKEN: one is required (HTTP mode or Socket Mode)',
    );
  }
  const policy = parsePolicy(readPolicyFile(vars.KEYWARDEN_CONFIG), vars.KEYWARDEN_CONFIG);
  if (vars.KEYWARDEN_EXPOSURE_QUEUE_URL && !policy.exposure) {
    throw new KeywardenError(
      'CONFIG_INVALID',
      `${vars.KEYWARDEN_CONFIG}: exposure.channel: is required when KEYWARDEN_EXPOSURE_QUEUE_URL is set (where incidents are posted)`,
    );
  }
  if (policy.approvals?.stepUp && !vars.KEYWARDEN_PUBLIC_URL) {
    throw new KeywardenError(
      'CONFIG_INVALID',
      'environment: KEYWARDEN_PUBLIC_URL: is required with approvals.stepUp (the IdP returns browsers to <base>/stepup/callback)',
    );
  }
  return {
    slack: {
      botToken: vars.SLACK_BOT_TOKEN,
      signingSecret: vars.SLACK_SIGNING_SECRET,
      appToken: vars.SLACK_APP_TOKEN,
      apiUrl: vars.SLACK_API_URL,
    },
    port: vars.PORT,
    metricsPort: vars.METRICS_PORT,
    metrics: vars.KEYWARDEN_METRICS === 'on',
    policyPath: vars.KEYWARDEN_CONFIG,
    store: {
      table: vars.KEYWARDEN_TABLE,
      createTable: vars.KEYWARDEN_CREATE_TABLE,
      dataDir: vars.KEYWARDEN_DATA_DIR,
    },
    auditEventBus: vars.KEYWARDEN_AUDIT_EVENT_BUS,
    exposureQueueUrl: vars.KEYWARDEN_EXPOSURE_QUEUE_URL,
    logLevel: vars.LOG_LEVEL,
    policy,
    ...(policy.approvals?.stepUp && vars.KEYWARDEN_PUBLIC_URL
      ? {
          stepUp: {
            publicUrl: vars.KEYWARDEN_PUBLIC_URL.replace(/\/+$/, ''),
            clientSecret: vars.KEYWARDEN_OIDC_CLIENT_SECRET,
          },
        }
      : {}),
  };
}
