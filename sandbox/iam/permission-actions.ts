import type { ActionHandler } from './actions';
import { noSuchUser } from './errors';
import { paginate } from './pagination';
import { maxItems, type Params, required, userName } from './params';
import type { IamState } from './state';
import { isoDate, members, type XmlElement } from './xml';

/** These actions name their user: IAM has no "the caller" default for them. */
function namedUser(params: Params, state: IamState): string {
  const name = userName(required(params, 'UserName'));
  if (!state.user(name)) throw noSuchUser(name);
  return name;
}

/** A page of a listing in IAM's shape: the list, IsTruncated, and a Marker only when truncated. */
function listing<T>(
  name: string,
  items: readonly T[],
  sortKey: (item: T) => string,
  params: Params,
  render: (items: T[]) => XmlElement,
): XmlElement {
  const page = paginate(items, sortKey, maxItems(params), params['Marker']);
  return {
    [name]: render(page.items),
    IsTruncated: page.isTruncated,
    ...(page.marker ? { Marker: page.marker } : {}),
  };
}

const listAttachedUserPolicies: ActionHandler = (params, { state }) => {
  const prefix = params['PathPrefix'] ?? '/';
  const policies = state
    .attachedPolicies(namedUser(params, state))
    .filter((p) => p.policyArn.split(':policy')[1]?.startsWith(prefix));
  return listing(
    'AttachedPolicies',
    policies,
    (p) => p.policyArn,
    params,
    (page) => members(page.map((p) => ({ PolicyName: p.policyName, PolicyArn: p.policyArn }))),
  );
};

const listUserPolicies: ActionHandler = (params, { state }) =>
  listing(
    'PolicyNames',
    state.inlinePolicyNames(namedUser(params, state)),
    (n) => n,
    params,
    (page) => members(page),
  );

const listGroupsForUser: ActionHandler = (params, { state }) =>
  listing(
    'Groups',
    state.groupsOf(namedUser(params, state)),
    (g) => g.groupName,
    params,
    (page) =>
      members(
        page.map((g) => ({
          Path: g.path,
          GroupName: g.groupName,
          GroupId: g.groupId,
          Arn: g.arn,
          CreateDate: isoDate(g.createDate),
        })),
      ),
  );

/** What the incident card shows of a user's rights: attached and inline policies, groups. */
export const PERMISSION_ACTIONS: ReadonlyArray<[string, ActionHandler]> = [
  ['ListAttachedUserPolicies', listAttachedUserPolicies],
  ['ListUserPolicies', listUserPolicies],
  ['ListGroupsForUser', listGroupsForUser],
];
