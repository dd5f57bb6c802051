import { createHash } from 'node:crypto';
import type { CloudTrailServer, TrailEvent } from '../cloudtrail';
import type { IamState } from '../iam';

const HOUR_MS = 60 * 60 * 1000;

/** What a key's system calls, by the service IAM last saw it use. */
const CALLS: Record<string, string[]> = {
  s3: ['ListBuckets', 'GetObject', 'PutObject', 'GetBucketLocation'],
  ec2: ['DescribeInstances', 'DescribeSecurityGroups', 'RunInstances'],
  sts: ['GetCallerIdentity', 'AssumeRole'],
  rds: ['DescribeDBInstances', 'CreateDBSnapshot'],
  dynamodb: ['DescribeTable', 'ListTables'],
  ecr: ['GetAuthorizationToken', 'BatchGetImage'],
  lambda: ['ListFunctions', 'UpdateFunctionCode'],
  logs: ['DescribeLogGroups', 'CreateLogStream'],
};
const DEFAULT_CALLS = ['GetCallerIdentity', 'ListBuckets'];

/** Deterministic per key: the same trail on every start, so the page and docs keep matching. */
function pick(keyId: string, n: number, size: number): number {
  return createHash('sha256').update(`${keyId}:${n}`).digest()[0]! % size;
}

/**
 * Management events for every active key the demo used in the last week: its own system calling its
 * service from one address, in the region IAM last saw it in. CloudTrail's event history is not kept
 * between runs; the sandbox seeds it again at each start, from the keys as IAM holds them.
 */
export function seedTrail(
  trail: CloudTrailServer,
  accounts: ReadonlyArray<{ id: string; state: IamState }>,
  now: Date,
): void {
  for (const { id, state } of accounts) {
    for (const userName of state.userNames()) {
      for (const key of state.keysOf(userName)) {
        const used = key.lastUsed;
        if (key.status !== 'Active' || !used || now.getTime() - used.date.getTime() > 7 * 24 * HOUR_MS)
          continue;
        const names = CALLS[used.serviceName] ?? DEFAULT_CALLS;
        const events: TrailEvent[] = Array.from({ length: 6 }, (_, n) => ({
          eventName: names[pick(key.accessKeyId, n, names.length)] ?? 'GetCallerIdentity',
          eventTime: new Date(used.date.getTime() - n * 5 * HOUR_MS),
          accessKeyId: key.accessKeyId,
          eventSource: `${used.serviceName}.amazonaws.com`,
          sourceIPAddress: `198.51.100.${10 + pick(key.accessKeyId, 99, 200)}`,
          userAgent: `aws-sdk-go-v2/1.30.0 os/linux ${used.serviceName}`,
          username: userName,
        }));
        trail.addEvents(id, used.region, events);
      }
    }
  }
}

/**
 * What a leaked key looks like from the outside in the minutes after it was posted: someone else, from
 * another address and tool, checking what it can do. Added when the panel simulates a leak.
 */
export function strangerProbe(keyId: string, userName: string, now: Date): TrailEvent[] {
  const probe = [
    'GetCallerIdentity',
    'ListUsers',
    'ListAttachedUserPolicies',
    'ListBuckets',
    'DescribeRegions',
  ];
  return probe.map((eventName, n) => ({
    eventName,
    eventTime: new Date(now.getTime() - (probe.length - n) * 60_000),
    accessKeyId: keyId,
    eventSource:
      eventName === 'ListBuckets'
        ? 's3.amazonaws.com'
        : eventName === 'DescribeRegions'
          ? 'ec2.amazonaws.com'
          : eventName === 'GetCallerIdentity'
            ? 'sts.amazonaws.com'
            : 'iam.amazonaws.com',
    sourceIPAddress: '203.0.113.66',
    userAgent: 'python-requests/2.31.0',
    username: userName,
  }));
}
