import type { SlackUserSeed } from '../slack';

/** What a person is in the demo policy (sandbox/keywarden.yml); shown next to their name on the page. */
export type DemoRole = 'admin' | 'approver' | 'self-service' | 'no access';

export interface DemoPerson {
  id: string;
  name: string;
  realName: string;
  email: string;
  role: DemoRole;
}

/** The people of the demo workspace, in the order the page's "signed in as" switcher offers them. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    id: 'U0ALICE',
    name: 'alice',
    realName: 'Alice Smith',
    email: 'alice.smith@example.com',
    role: 'self-service',
  },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Jones', email: 'bob@example.com', role: 'self-service' },
  { id: 'U0ADMIN', name: 'ada', realName: 'Ada Admin', email: 'ada@example.com', role: 'admin' },
  {
    id: 'U0APPROVER',
    name: 'april',
    realName: 'April Approver',
    email: 'april@example.com',
    role: 'approver',
  },
  { id: 'U0APPROVER2', name: 'arne', realName: 'Arne Approver', email: 'arne@example.com', role: 'approver' },
  // Outside example.com, so the email mapping finds no IAM user for him either.
  { id: 'U0STRANGER', name: 'sam', realName: 'Sam Stranger', email: 'sam@elsewhere.org', role: 'no access' },
];

export const DEMO_SLACK_USERS: SlackUserSeed[] = DEMO_PEOPLE.map(({ id, name, realName, email }) => ({
  id,
  name,
  realName,
  email,
}));

export interface DemoChannel {
  id: string;
  name: string;
}

/** The channels the policy names, and one where anyone may type a command in front of others. */
export const DEMO_CHANNELS: readonly DemoChannel[] = [
  { id: 'C0GENERAL', name: 'general' },
  { id: 'C0APPROVALS', name: 'key-approvals' },
  { id: 'C0SECOPS', name: 'secops' },
  { id: 'C0INCIDENTS', name: 'key-incidents' },
];

/** The demo's admin, in whose name the panel runs a report now. */
export const DEMO_ADMIN = 'U0ADMIN';
