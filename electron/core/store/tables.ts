import type { z } from 'zod';
import { AzureStackSystem, HardwareProfile, ProtectionPolicy, Site, Vm } from '../../../shared/domain/engagement';

type Row = Record<string, unknown>;

/**
 * How one kind of record maps to its table: declared once, so listing, saving, auditing and
 * deleting sites, systems, policies and VMs share one implementation in the store.
 */
export interface TableMapping<T extends { id: string }, I = unknown> {
  entity: string;
  /** Shown in messages: "site", "Azure Stack Hub system"... */
  label: string;
  table: string;
  /** `I`: what a save may be given (a field with a default, like a VM's cluster, may be left out). */
  schema: z.ZodType<T, I>;
  /** Field name -> column name, for every field but id. */
  columns: Record<Exclude<keyof T, 'id'>, string>;
  toColumn?: Partial<Record<Exclude<keyof T, 'id'>, (value: unknown) => unknown>>;
  fromColumn?: Partial<Record<Exclude<keyof T, 'id'>, (value: unknown) => unknown>>;
  /** Fields holding the id of another record: a save naming one that does not exist is NOT_FOUND. */
  references?: Partial<Record<Exclude<keyof T, 'id'>, { table: string; label: string }>>;
}

/**
 * A stored row as its record, checked against the record's schema (a row the app never writes
 * throws). The text comes back exactly as stored: a file from before text was cleaned at the door
 * may hold characters the schema would now remove, and the writers make those safe themselves,
 * so that reading never changes what a sign-off fingerprinted.
 */
export function recordFromRow<T extends { id: string }>(mapping: TableMapping<T>, row: Row): T {
  const record = fieldsFromRow(mapping, row);
  mapping.schema.parse(record);
  return record as T;
}

/**
 * A row's fields under the record's names, converted but not checked: for rows kept in the audit
 * trail, which may come from before a later migration added a column.
 */
export function fieldsFromRow<T extends { id: string }>(mapping: TableMapping<T>, row: Row): Row {
  const record: Row = { id: row.id };
  for (const [field, column] of Object.entries(mapping.columns) as [Exclude<keyof T, 'id'>, string][]) {
    const convert = mapping.fromColumn?.[field];
    const value = convert ? convert(row[column]) : row[column];
    // A field that is not set is left out altogether, as it is in the signed content.
    if (value !== undefined) record[field as string] = value;
  }
  return record;
}

export function columnValues<T extends { id: string }>(mapping: TableMapping<T>, record: T): Row {
  const row: Row = {};
  for (const [field, column] of Object.entries(mapping.columns) as [Exclude<keyof T, 'id'>, string][]) {
    const convert = mapping.toColumn?.[field];
    row[column] = convert ? convert(record[field]) : record[field];
  }
  return row;
}

const asBoolean = (value: unknown) => value === 1;
const asInteger = (value: unknown) => (value ? 1 : 0);
// Fields added after sign-offs existed are left out of a record when not set (SQL NULL), never null,
// so the content of engagements signed before they existed reads exactly as it was signed.
const unsetAsNull = (value: unknown) => value ?? null;
const nullAsUnset = (value: unknown) => value ?? undefined;
const optionalBoolean = (value: unknown) => (value === undefined || value === null ? null : value ? 1 : 0);
const optionalFromInteger = (value: unknown) => (value === null || value === undefined ? undefined : value === 1);

export const SITES: TableMapping<Site, z.input<typeof Site>> = {
  entity: 'site',
  label: 'site',
  table: 'site',
  schema: Site,
  columns: { name: 'name', location: 'location', datacenterTier: 'datacenter_tier', utilityFeeds: 'utility_feeds' },
};

export const SYSTEMS: TableMapping<AzureStackSystem, z.input<typeof AzureStackSystem>> = {
  entity: 'system',
  label: 'Azure Stack Hub system',
  table: 'azure_stack_system',
  schema: AzureStackSystem,
  columns: {
    name: 'name',
    siteId: 'site_id',
    region: 'region',
    nodeCount: 'node_count',
    identityModel: 'identity_model',
    state: 'state',
    role: 'role',
    publicAzureAllowed: 'public_azure_allowed',
    hardwareProfileId: 'hardware_profile_id',
    siteRecoveryTarget: 'site_recovery_target',
  },
  toColumn: { publicAzureAllowed: asInteger, hardwareProfileId: unsetAsNull, siteRecoveryTarget: optionalBoolean },
  fromColumn: { publicAzureAllowed: asBoolean, hardwareProfileId: nullAsUnset, siteRecoveryTarget: optionalFromInteger },
  references: { siteId: { table: 'site', label: 'site' }, hardwareProfileId: { table: 'hardware_profile', label: 'hardware profile' } },
};

export const HARDWARE_PROFILES: TableMapping<HardwareProfile, z.input<typeof HardwareProfile>> = {
  entity: 'hardwareProfile',
  label: 'hardware profile',
  table: 'hardware_profile',
  schema: HardwareProfile,
  columns: {
    name: 'name',
    memoryGbPerNode: 'memory_gb_per_node',
    physicalCoresPerNode: 'physical_cores_per_node',
    usableStorageGbPerNode: 'usable_storage_gb_per_node',
  },
};

export const POLICIES: TableMapping<ProtectionPolicy, z.input<typeof ProtectionPolicy>> = {
  entity: 'policy',
  label: 'protection policy',
  table: 'protection_policy',
  schema: ProtectionPolicy,
  columns: { name: 'name', description: 'description', targets: 'targets_json' },
  toColumn: { targets: (value) => JSON.stringify(value) },
  fromColumn: { targets: (value) => JSON.parse(String(value)) },
};

export const VMS: TableMapping<Vm, z.input<typeof Vm>> = {
  entity: 'vm',
  label: 'VM',
  table: 'vm',
  schema: Vm,
  columns: {
    applicationId: 'application_id',
    name: 'name',
    os: 'os',
    vcpu: 'vcpu',
    memoryGb: 'memory_gb',
    provisionedGb: 'provisioned_gb',
    powerState: 'power_state',
    host: 'host',
    largestDiskGb: 'largest_disk_gb',
    cluster: 'cluster',
  },
  toColumn: { largestDiskGb: unsetAsNull },
  fromColumn: { largestDiskGb: nullAsUnset },
  references: { applicationId: { table: 'application', label: 'application' } },
};
