import type { CatalogEntry } from '../../catalog/queries.ts';
import { NotFoundError } from '../../errors.ts';
import { ckanCatalog, type CkanCatalog, type CkanGroupRef, type CkanOrganizationRef, type CkanPackage, type Tombstone } from './dicts.ts';
import { CkanValidationError, notFound } from './errors.ts';
import { boolParam, intParam, listParam, requiredString, stringParam, type CkanParams } from './params.ts';
import { packageSearch } from './search.ts';

/**
 * CKAN's read-only Action API over the visible catalog. Each action is pure: the catalog
 * entries, the public base URL and the parameters in, CKAN's `result` out; a bad parameter is a
 * CkanValidationError, an unknown id a NotFoundError.
 */
export interface CkanAction {
  /** What `help_show` answers. */
  help: string;
  /** False for actions that never read the catalog (status_show, help_show). */
  needsCatalog: boolean;
  run(catalog: CkanCatalog, params: CkanParams): unknown;
}

/** What `status_show` reports; CKAN clients check `ckan_version` to pick their API dialect. */
export const CKAN_VERSION = '2.10.4';
export const SITE = {
  title: 'Dữ liệu mở ngành y tế Việt Nam',
  description:
    'Dữ liệu mở ngành y tế theo Nghị định 102/2025/NĐ-CP do Bộ Y tế công bố. — Viet Nam open health data published by the Ministry of Health under Decree 102/2025/ND-CP.',
};

/** A package by name or id; a deleted one too (as CKAN's package_show shows it; searches and lists do not). */
const findPackageOrDeleted = (catalog: CkanCatalog, id: string): CkanPackage => {
  const pkg = [...catalog.packages, ...catalog.deleted].find((p) => p.name === id || p.id === id);
  if (!pkg) throw notFound('Dataset', id);
  return pkg;
};

/** `limit` and `offset` of the *_list actions. */
function page<T>(items: T[], params: CkanParams): T[] {
  const offset = intParam(params, 'offset', 0);
  const limit = intParam(params, 'limit', undefined);
  return items.slice(offset, limit === undefined ? undefined : offset + limit);
}

type Owner = CkanOrganizationRef | CkanGroupRef;

function ownerDict(catalog: CkanCatalog, owner: Owner, kind: 'organization' | 'group', packages: CkanPackage[]) {
  const common = {
    id: owner.id,
    name: owner.name,
    title: owner.title,
    display_name: owner.title,
    description: owner.description,
    image_url: '',
    image_display_url: '',
    created: 'created' in owner ? owner.created : (catalog.groupCreated.get(owner.name) ?? ''),
    approval_status: 'approved',
    state: 'active',
    package_count: packages.length,
    num_followers: 0,
    extras: [],
    tags: [],
    groups: [],
    users: [],
  };
  return kind === 'organization'
    ? { ...common, type: 'organization', is_organization: true }
    : { ...common, type: 'group', is_organization: false };
}

const membersOf = (catalog: CkanCatalog, kind: 'organization' | 'group', name: string): CkanPackage[] =>
  catalog.packages.filter((p) => (kind === 'organization' ? p.organization.name === name : p.groups.some((g) => g.name === name)));

/** organization_list / group_list: names, or whole dicts with `all_fields`; `sort` by name, title or package_count. */
function ownerList(kind: 'organization' | 'group') {
  return (catalog: CkanCatalog, params: CkanParams) => {
    const owners: Owner[] = kind === 'organization' ? catalog.organizations : catalog.groups;
    const wanted = listParam(params, kind === 'organization' ? 'organizations' : 'groups');
    const dicts = owners
      .filter((o) => !wanted || wanted.includes(o.name))
      .map((o) => ownerDict(catalog, o, kind, membersOf(catalog, kind, o.name)));
    const sort = stringParam(params, 'sort')?.trim() || 'name asc';
    const [field, direction = 'asc'] = sort.split(/\s+/);
    if (!['name', 'title', 'package_count'].includes(field!) || !['asc', 'desc'].includes(direction)) {
      throw new CkanValidationError('sort', 'Use name, title or package_count, then asc or desc');
    }
    const key = field as 'name' | 'title' | 'package_count';
    dicts.sort((a, b) => {
      const c = key === 'package_count' ? a.package_count - b.package_count : a[key].localeCompare(b[key]);
      return (direction === 'desc' ? -c : c) || a.name.localeCompare(b.name);
    });
    const paged = page(dicts, params);
    return boolParam(params, 'all_fields', false) ? paged : paged.map((d) => d.name);
  };
}

/** organization_show / group_show: by name or id; `include_datasets` adds the packages (all of them: the catalog is small). */
function ownerShow(kind: 'organization' | 'group') {
  return (catalog: CkanCatalog, params: CkanParams) => {
    const id = requiredString(params, 'id');
    const owners: Owner[] = kind === 'organization' ? catalog.organizations : catalog.groups;
    const owner = owners.find((o) => o.name === id || o.id === id);
    if (!owner) throw notFound(kind === 'organization' ? 'Organization' : 'Group', id);
    const packages = membersOf(catalog, kind, owner.name);
    const dict = ownerDict(catalog, owner, kind, packages);
    return boolParam(params, 'include_datasets', false) ? { ...dict, packages } : dict;
  };
}

export const CKAN_ACTIONS: Record<string, CkanAction> = {
  package_search: {
    help: 'Searches the datasets. Parameters: q, fq, fq_list, rows (default 10, at most 1000), start, sort (default "score desc, metadata_modified desc"), facet.field (JSON list), facet.limit, facet.mincount, fl.',
    needsCatalog: true,
    run: packageSearch,
  },
  package_list: {
    help: 'The names of all datasets, sorted. Parameters: limit, offset.',
    needsCatalog: true,
    run: (catalog, params) =>
      page(
        catalog.packages.map((p) => p.name),
        params,
      ),
  },
  current_package_list_with_resources: {
    help: 'All datasets with their resources, most recently modified first. Parameters: limit, offset.',
    needsCatalog: true,
    run: (catalog, params) =>
      page(
        [...catalog.packages].sort((a, b) => b.metadata_modified.localeCompare(a.metadata_modified) || a.name.localeCompare(b.name)),
        params,
      ),
  },
  package_show: {
    help: 'One dataset with the files of its latest version as resources. Parameters: id (name or id).',
    needsCatalog: true,
    run: (catalog, params) => findPackageOrDeleted(catalog, requiredString(params, 'id')),
  },
  resource_show: {
    help: 'One resource (a file of a version). Parameters: id.',
    needsCatalog: true,
    run: (catalog, params) => {
      const id = requiredString(params, 'id');
      const resource = catalog.resources.get(id);
      if (!resource) throw notFound('Resource', id);
      return resource;
    },
  },
  organization_list: {
    help: 'The publishing organizations. Parameters: all_fields, sort, limit, offset, organizations.',
    needsCatalog: true,
    run: ownerList('organization'),
  },
  organization_show: {
    help: 'One organization. Parameters: id (name or id), include_datasets.',
    needsCatalog: true,
    run: ownerShow('organization'),
  },
  group_list: {
    help: 'The Art. 5 categories of Decree 102/2025/ND-CP that datasets belong to, as groups (category-<n>). Parameters: all_fields, sort, limit, offset, groups.',
    needsCatalog: true,
    run: ownerList('group'),
  },
  group_show: {
    help: 'One group (an Art. 5 category). Parameters: id (name or id), include_datasets.',
    needsCatalog: true,
    run: ownerShow('group'),
  },
  status_show: {
    help: 'The site and the CKAN version this API follows.',
    needsCatalog: false,
    run: (catalog) => ({
      ckan_version: CKAN_VERSION,
      site_title: SITE.title,
      site_url: catalog.base,
      site_description: SITE.description,
      error_emails_to: null,
      locale_default: 'vi',
      extensions: [],
    }),
  },
  help_show: {
    help: 'What an action does. Parameters: name.',
    needsCatalog: false,
    run: (_catalog, params) => {
      const name = requiredString(params, 'name');
      const action = findAction(name);
      if (!action) throw notFound('Action', name);
      return action.help;
    },
  },
};

export const findAction = (name: string): CkanAction | undefined => (Object.hasOwn(CKAN_ACTIONS, name) ? CKAN_ACTIONS[name] : undefined);

/**
 * Calls an action by name on the catalog entries (loadCatalog's answer; may be empty for
 * actions that do not read the catalog). An unknown name is a NotFoundError.
 */
export function callAction(name: string, entries: CatalogEntry[], base: string, params: CkanParams, tombstones: Tombstone[] = []): unknown {
  const action = findAction(name);
  if (!action) throw new NotFoundError(`Action name not known: ${name} (this catalog answers ${Object.keys(CKAN_ACTIONS).join(', ')})`);
  return action.run(ckanCatalog(entries, base, tombstones), params);
}
