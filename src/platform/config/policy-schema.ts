import { z } from 'zod';
import { reasonHintFor } from './reason-hint';
import {
  checkAccounts,
  checkIdentity,
  checkOrganization,
  checkReport,
  checkReportAccounts,
  compiles,
  isSecureOrLoopback,
} from './policy-rules';

// The policy file's shape, field by field; the rules across fields are in policy-rules.ts.

const slackUserOrGroup = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,30}$/, 'must be a Slack user (U...) or user-group (S...) ID');
const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,30}$/, 'must be a Slack user ID (U...)');
const slackChannel = z.string().regex(/^[CGD][A-Z0-9]{2,30}$/, 'must be a Slack channel ID (C...)');
const iamUser = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM user name');
const roleArn = z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN');
const externalId = z
  .string()
  .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2 to 1224 of the characters AWS allows in an ExternalId');
// Organizations' own patterns: an OU (ou-<root>-<ou>) or the root (r-...).
const ouId = z
  .string()
  .regex(
    /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/,
    'must be an OU id such as ou-ab12-prod0000 (or the root, r-...)',
  );
const approvalsOverride = z
  .object({
    required: z.number().int().min(1).max(5).optional(),
    approvers: z.array(slackUserOrGroup).optional(),
  })
  .strict();

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
  .superRefine(checkReport);

/**
 * approvals.stepUp: an approval counts only after the approver signs in again at this OpenID Connect
 * issuer. Plain http is refused except on loopback (the sandbox's and the tests' local provider).
 */
const stepUpSchema = z
  .object({
    issuer: z.url().refine(isSecureOrLoopback, 'must be an https URL (http only on localhost)'),
    clientId: z.string().min(1).max(255),
    acrValues: z.array(z.string().min(1).max(255)).min(1).optional(),
    amr: z.array(z.string().min(1).max(64)).min(1).optional(),
    // OpenID Connect's max_age; a re-authentication older than this does not count.
    maxAgeSeconds: z.number().int().min(0).max(3600).default(300),
    // delete: deletions' approvals; reactivate-exposed: an exposure card's Re-activate… (issues 25, 21).
    for: z
      .array(z.enum(['delete', 'reactivate-exposed']))
      .min(1)
      .default(['delete']),
  })
  .strict();

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
      .superRefine(checkIdentity)
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
            // The rule in words, shown wherever a reason is asked for; people never see the pattern.
            hint: z.string().trim().min(1).max(200).optional(),
          })
          .strict()
          .transform(({ hint, ...rule }) => {
            const words = hint ?? (rule.pattern !== undefined ? reasonHintFor(rule.pattern) : undefined);
            return words === undefined ? rule : { ...rule, hint: words };
          })
          .optional(),
        remindAfterHours: z
          .number()
          .positive()
          .max(24 * 30)
          .optional(),
        stepUp: stepUpSchema.optional(),
      })
      .strict()
      .optional(),
    /** The response to a leaked key (issue 21): where its incident runs, and how. */
    exposure: z
      .object({
        channel: slackChannel,
        deactivate: z.boolean().default(true),
        activityDays: z.number().int().min(1).max(90).default(7),
        regions: z
          .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1'))
          .min(1)
          .optional(),
      })
      .strict()
      .optional(),
    /**
     * Whole-account scans (issue 22): accounts scanned at once. The scan starts with a few and adds
     * one per account scanned without throttling, halving while STS or IAM throttle; never above this.
     */
    scanning: z
      .object({ maxConcurrentAccounts: z.number().int().min(1).max(64).default(16) })
      .strict()
      .default({ maxConcurrentAccounts: 16 }),
    reports: z.array(reportSchema.strict()).default([]),
    /** Discovery (issue 22): every ACTIVE account of the AWS organization is managed, found by itself. */
    organization: z
      .object({
        roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name'),
        externalId: externalId.optional(),
        managementRoleArn: roleArn.optional(),
        include: z.array(ouId).min(1).optional(),
        exclude: z.array(z.string().regex(/^\d{12}$/, 'must be a twelve-digit account id')).optional(),
        refreshMinutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .default(60),
      })
      .strict()
      .optional(),
    /** Per OU (issue 22): approvals and reports for the accounts under it; the most specific OU wins. */
    policies: z
      .array(
        z
          .object({
            ou: ouId,
            approvals: approvalsOverride.optional(),
            reports: z.array(reportSchema.strict()).min(1).optional(),
          })
          .strict(),
      )
      .default([]),
    exempt: z
      .object({ users: z.array(iamUser).default([]) })
      .strict()
      .default({ users: [] }),
    accounts: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be lowercase letters, digits or dashes'),
            roleArn: roleArn.optional(),
            externalId: externalId.optional(),
            approvals: approvalsOverride.optional(),
          })
          .strict()
          .refine((account) => account.externalId === undefined || account.roleArn !== undefined, {
            message: 'externalId is sent on AssumeRole, so it needs a roleArn',
            path: ['externalId'],
          }),
      )
      .min(1)
      .superRefine(checkAccounts)
      .optional(),
  })
  .strict()
  .superRefine(checkReportAccounts)
  .superRefine(checkOrganization)
  // Without a list: the bot's own account, named "default"; with an organization, the discovered ones.
  .transform((policy) => ({
    ...policy,
    accounts: policy.accounts ?? (policy.organization ? [] : [{ name: 'default' }]),
    // An OU's reports run as entries of their own after the listed ones (whose indices name their runs).
    reports: [
      ...policy.reports.map((report): ReportEntry => report),
      ...policy.policies.flatMap(({ ou, reports = [] }) =>
        reports.map((report): ReportEntry => ({ ...report, ou })),
      ),
    ],
  }));

/** A `reports` entry; `ou` set on those a `policies` entry gave: they cover the accounts under that OU. */
type ReportEntry = z.infer<typeof reportSchema> & { ou?: string };

export type Policy = z.infer<typeof policySchema>;
export type ReportPolicy = Policy['reports'][number];
export type StepUpPolicy = NonNullable<NonNullable<Policy['approvals']>['stepUp']>;
