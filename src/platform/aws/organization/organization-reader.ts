import {
  DescribeOrganizationalUnitCommand,
  type OrganizationsClient,
  paginateListAccounts,
  paginateListParents,
  paginateListTagsForResource,
} from '@aws-sdk/client-organizations';
import { KeywardenError } from '../../../kernel/errors';
import type { DiscoveredAccount, OrganizationReader, OrgUnitRef } from '../../../kernel/ports/organization';

/** ListAccounts' largest page. */
const PAGE_SIZE = 20;
/** A path deeper than Organizations allows (five OU levels under the root) is a loop, not an org. */
const MAX_DEPTH = 8;

/**
 * The organization through the SDK's paginators: every account (ListAccounts), the path of each
 * (ListParents up to the root; each OU's parent and name asked once per listing) and its tags.
 * Anything that fails past the SDK's retries fails the whole listing: a partial organization
 * must never replace a whole one.
 */
export class SdkOrganizationReader implements OrganizationReader {
  constructor(private readonly client: OrganizationsClient) {}

  async list(): Promise<DiscoveredAccount[]> {
    try {
      return await this.read();
    } catch (error) {
      const name = (error as { name?: string } | undefined)?.name ?? 'network error';
      throw new KeywardenError('ORGANIZATION_UNAVAILABLE', `the organization could not be listed (${name})`, {
        cause: error,
      });
    }
  }

  private async read(): Promise<DiscoveredAccount[]> {
    const parents = new Map<string, Promise<string | undefined>>();
    const names = new Map<string, Promise<string>>();
    const accounts: DiscoveredAccount[] = [];
    for await (const page of paginateListAccounts({ client: this.client, pageSize: PAGE_SIZE }, {})) {
      for (const account of page.Accounts ?? []) {
        if (!account.Id) continue;
        const [path, tags] = await Promise.all([
          this.pathOf(account.Id, parents, names),
          this.tagsOf(account.Id),
        ]);
        accounts.push({
          id: account.Id,
          name: account.Name ?? account.Id,
          // State replaces Status (retired September 2026); either says ACTIVE for a managed account.
          state: account.State ?? account.Status ?? 'UNKNOWN',
          path,
          tags,
        });
      }
    }
    return accounts;
  }

  /** The root, then each OU down to the account's own. */
  private async pathOf(
    accountId: string,
    parents: Map<string, Promise<string | undefined>>,
    names: Map<string, Promise<string>>,
  ): Promise<OrgUnitRef[]> {
    const path: OrgUnitRef[] = [];
    let child = accountId;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      let parent = parents.get(child);
      if (!parent) {
        parent = this.parentOf(child);
        // An account's parent is asked every listing; an OU's once (accounts share them).
        if (child !== accountId) parents.set(child, parent);
      }
      const id = await parent;
      if (id === undefined) return path;
      path.unshift({ id, name: await this.nameOf(id, names) });
      if (id.startsWith('r-')) return path;
      child = id;
    }
    throw new Error(`the path of account ${accountId} is deeper than an organization allows`);
  }

  private async parentOf(childId: string): Promise<string | undefined> {
    for await (const page of paginateListParents({ client: this.client }, { ChildId: childId })) {
      const first = page.Parents?.[0]?.Id;
      if (first) return first;
    }
    return undefined;
  }

  private nameOf(id: string, names: Map<string, Promise<string>>): Promise<string> {
    if (id.startsWith('r-')) return Promise.resolve('Root');
    let name = names.get(id);
    if (!name) {
      name = this.client
        .send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id }))
        .then((answer) => answer.OrganizationalUnit?.Name ?? id);
      names.set(id, name);
    }
    return name;
  }

  private async tagsOf(accountId: string): Promise<Record<string, string>> {
    const tags: Record<string, string> = {};
    for await (const page of paginateListTagsForResource(
      { client: this.client },
      { ResourceId: accountId },
    )) {
      for (const tag of page.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
    }
    return tags;
  }
}
