import { z } from 'zod';
import { isSecureOrLoopback } from './policy-rules';

const booleanText = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

/** The environment the bot runs with (the run contract's variables). */
export const envSchema = z.object({
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
    .optional(),
  SLACK_API_URL: z.url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  KEYWARDEN_METRICS: z.enum(['on', 'off']).default('on'),
  KEYWARDEN_CONFIG: z.string().min(1).default('keywarden.yml'),
  KEYWARDEN_TABLE: z
    .string()
    .regex(/^[\w.-]{3,255}$/, 'must be a DynamoDB table name')
    .optional(),
  KEYWARDEN_CREATE_TABLE: booleanText,
  KEYWARDEN_DATA_DIR: z.string().min(1).default('./data'),
  KEYWARDEN_AUDIT_EVENT_BUS: z
    .string()
    .regex(
      /^(arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:event-bus\/)?[/.\-_A-Za-z0-9]{1,256}$/,
      'must be an EventBridge event bus name or ARN',
    )
    .optional(),
  KEYWARDEN_EXPOSURE_QUEUE_URL: z
    .url()
    .regex(/^https?:\/\//, 'must be an SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)')
    .optional(),
  // Step-up (approvals.stepUp): the OIDC client's secret (unset: a public client, PKCE alone), and the
  // base URL people's browsers reach the bot at (the callback is <base>/stepup/callback).
  KEYWARDEN_OIDC_CLIENT_SECRET: z.string().min(1).max(1024).optional(),
  KEYWARDEN_PUBLIC_URL: z
    .url()
    .refine(isSecureOrLoopback, 'must be an https URL (http only on localhost)')
    .refine((text) => !/[?#]/.test(text), 'must be a base URL without a query or fragment')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
