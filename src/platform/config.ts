import { readFileSync } from 'node:fs';
import { Cron } from 'croner';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { KeywardenError } from '../kernel/errors';

const slackUserOrGroup = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,30}$/, 'must be a Slack user (U...) or user-group (S...) ID');
const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,30}$/, 'must be a Slack user ID (U...)');
const slackChannel = z.string().regex(/^[CGD][A-Z0-9]{2,30}$/, 'must be a Slack channel ID (C...)');
const iamUser = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM user name');

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const reportSchema = z
  .object({
    channel: slackChannel,
    schedule: z.string().min(1),
    timezone: z.string().default('UTC'),
    // CIS AWS Foundations: keys rotated every 90 days, credentials unused for 45 days disabled.
    maxAgeDays: z.number().int().min(0).default(90),
    maxUnusedDays: z.number().int().min(0).default(45),
    /** The managed accounts this entry covers; absent, every account. */
    accounts: z.array(z.string()).min(1).optional(),
    /** Each run DMs every mapped owner of a stale key, once, with their keys and buttons. */
    notifyOwners: z.boolean().default(false),
    /** Nudged this many runs in a row without action: listed under "Ignored" in the channel. */
    escalateAfterRuns: z.number().int().min(1).max(100).optional(),
  })
  .superRefine((report, ctx) => {
    if (report.escalateAfterRuns !== undefined && !report.notifyOwners) {
      ctx.addIssue({
        code: 'custom',
        path: ['escalateAfterRuns'],
        message: 'counts owner nudges, so it needs notifyOwners: true',
      });
    }
    // Checked here so a bad schedule fails at start-up, naming its field, not at the first run.
    let cron: Cron;
    try {
      cron = new Cron(report.schedule, { timezone: report.timezone, paused: true });
    } catch (error) {
      const why = (error as Error).message.replace(/^CronPattern: /, '');
      ctx.addIssue({ code: 'custom', path: ['schedule'], message: `is not a cron expression: ${why}` });
      return;
    }
    // croner checks the time zone only when it computes a date.
    let next: Date | null;
    try {
      next = cron.nextRun();
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['timezone'],
        message: 'must be an IANA time zone such as Europe/Berlin',
      });
      return;
    }
    if (next === null) ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'never runs' });
  });

export const policySchema = z
  .object({
    roles: z
      .object({
        admins: z.array(slackUserOrGroup).default([]),
        approvers: z.array(slackUserOrGroup).default([]),
      })
      .strict()
      .default({ admins: [], approvers: [] }),
    // Off unless said: a person acting on their own IAM user is a grant, so the policy names it.
    selfService: z.boolean().default(false),
    identity: z
      .object({
        users: z.record(slackUser, iamUser).default({}),
        serviceUsers: z.array(iamUser).default([]),
        emailDomain: z
          .string()
          .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain such as example.com')
          .optional(),
      })
      .strict()
      .superRefine((identity, ctx) => {
        // An IAM user has one owner: two people mapped to it would both manage it and both get its secrets.
        const ownerOf = new Map<string, string>();
        for (const [slackUser, name] of Object.entries(identity.users)) {
          const first = ownerOf.get(name.toLowerCase());
          if (first === undefined) ownerOf.set(name.toLowerCase(), slackUser);
          else {
            ctx.addIssue({
              code: 'custom',
              path: ['users', slackUser],
              message: `${first} and ${slackUser} are both mapped to the IAM user ${name} (IAM names ignore case); an IAM user has one owner`,
            });
          }
        }
        const mapped = new Set(ownerOf.keys());
        identity.serviceUsers.forEach((name, index) => {
          if (mapped.has(name.toLowerCase())) {
            ctx.addIssue({
              code: 'custom',
              path: ['serviceUsers', index],
              message: `${name} is also mapped to a person in identity.users; it can be only one`,
            });
          }
        });
      })
      .default({ users: {}, serviceUsers: [] }),
    approvals: z
      .object({
        channel: slackChannel,
        required: z.number().int().min(1).max(5).default(1),
        expiresAfterHours: z
          .number()
          .positive()
          .max(24 * 30)
          .default(24),
        reason: z
          .object({
            required: z.boolean().default(false),
            // Checked here so a bad pattern fails at start-up, naming its field.
            pattern: z
              .string()
              .max(200)
              .refine((pattern) => compiles(pattern), 'must be a regular expression')
              .optional(),
          })
          .strict()
          .optional(),
        remindAfterHours: z
          .number()
          .positive()
          .max(24 * 30)
          .optional(),
      })
      .strict()
      .optional(),
    reports: z.array(reportSchema.strict()).default([]),
    exempt: z
      .object({ users: z.array(iamUser).default([]) })
      .strict()
      .default({ users: [] }),
    accounts: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be lowercase letters, digits or dashes'),
            roleArn: z
              .string()
              .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN')
              .optional(),
            externalId: z
              .string()
              .regex(
                /^[\w+=,.@:/-]{2,1224}$/,
                'must be 2 to 1224 of the characters AWS allows in an ExternalId',
              )
              .optional(),
            approvals: z
              .object({
                required: z.number().int().min(1).max(5).optional(),
                approvers: z.array(slackUserOrGroup).optional(),
              })
              .strict()
              .optional(),
          })
          .strict()
          .refine((account) => account.externalId === undefined || account.roleArn !== undefined, {
            message: 'externalId is sent on AssumeRole, so it needs a roleArn',
            path: ['externalId'],
          }),
      )
      .min(1)
      .superRefine((accounts, ctx) => {
        const seen = new Set<string>();
        accounts.forEach((account, index) => {
          if (seen.has(account.name)) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'name'],
              message: `${account.name} is named twice`,
            });
          }
          seen.add(account.name);
        });
        // Only one account can be "the bot's own credentials"; two would be the same account twice.
        const homes = accounts.filter((account) => account.roleArn === undefined);
        if (homes.length > 1) {
          ctx.addIssue({
            code: 'custom',
            path: [accounts.indexOf(homes[1] as (typeof accounts)[number]), 'roleArn'],
            message: "only one account may go without a roleArn (the account of the bot's own credentials)",
          });
        }
      })
      .default([{ name: 'default' }]),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const names = new Set(policy.accounts.map((account) => account.name));
    policy.reports.forEach((report, index) => {
      report.accounts?.forEach((name, at) => {
        if (!names.has(name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['reports', index, 'accounts', at],
            message: `${name} is not one of the accounts (${[...names].join(', ')})`,
          });
        }
      });
    });
  });

export type Policy = z.infer<typeof policySchema>;
export type ReportPolicy = Policy['reports'][number];

const booleanText = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

const envSchema = z.object({
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
    .optional(),
  SLACK_API_URL: z.url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  KEYWARDEN_CONFIG: z.string().min(1).default('keywarden.yml'),
  KEYWARDEN_TABLE: z
    .string()
    .regex(/^[\w.-]{3,255}$/, 'must be a DynamoDB table name')
    .optional(),
  KEYWARDEN_CREATE_TABLE: booleanText,
  KEYWARDEN_DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

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
  policyPath: string;
  store: { table?: string; createTable: boolean; dataDir: string };
  logLevel: string;
  policy: Policy;
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
  return {
    slack: {
      botToken: vars.SLACK_BOT_TOKEN,
      signingSecret: vars.SLACK_SIGNING_SECRET,
      appToken: vars.SLACK_APP_TOKEN,
      apiUrl: vars.SLACK_API_URL,
    },
    port: vars.PORT,
    policyPath: vars.KEYWARDEN_CONFIG,
    store: {
      table: vars.KEYWARDEN_TABLE,
      createTable: vars.KEYWARDEN_CREATE_TABLE,
      dataDir: vars.KEYWARDEN_DATA_DIR,
    },
    logLevel: vars.LOG_LEVEL,
    policy,
  };
}
