import { Cron } from 'croner';
import type { z } from 'zod';

/**
 * The policy's rules that span fields, each adding an issue that names its field: the schema
 * (policy-schema.ts) checks each field alone, these check them together.
 */

export function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https anywhere; http only on this machine, where nothing on the way can read or change it. */
export function isSecureOrLoopback(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

interface ReportEntry {
  schedule: string;
  timezone: string;
  notifyOwners: boolean;
  escalateAfterRuns?: number;
}

export function checkReport(report: ReportEntry, ctx: z.RefinementCtx): void {
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
}

export function checkIdentity(
  identity: { users: Record<string, string>; serviceUsers: string[] },
  ctx: z.RefinementCtx,
): void {
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
}

export function checkAccounts(accounts: { name: string; roleArn?: string }[], ctx: z.RefinementCtx): void {
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
}

/**
 * A report entry names only accounts the policy manages. With an organization, the names of
 * discovered accounts are known only once it is listed: an unknown name then covers nothing.
 */
export function checkReportAccounts(
  policy: { accounts?: { name: string }[]; reports: { accounts?: string[] }[]; organization?: object },
  ctx: z.RefinementCtx,
): void {
  if (policy.organization) return;
  const names = new Set((policy.accounts ?? [{ name: 'default' }]).map((account) => account.name));
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
}

/** Per-OU policies need discovery (only it knows which OU an account is in), one entry per OU. */
export function checkOrganization(
  policy: { organization?: object; policies: { ou: string; reports?: { accounts?: string[] }[] }[] },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  policy.policies.forEach((entry, index) => {
    if (!policy.organization) {
      ctx.addIssue({
        code: 'custom',
        path: ['policies', index, 'ou'],
        message: 'needs an organization: block (only discovery knows which accounts are under an OU)',
      });
    }
    if (seen.has(entry.ou)) {
      ctx.addIssue({
        code: 'custom',
        path: ['policies', index, 'ou'],
        message: `${entry.ou} is named twice`,
      });
    }
    seen.add(entry.ou);
    entry.reports?.forEach((report, at) => {
      if (report.accounts !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['policies', index, 'reports', at, 'accounts'],
          message: "is not for an OU's reports: they cover the accounts under the OU",
        });
      }
    });
  });
}
