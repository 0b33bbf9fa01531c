/**
 * Forward-only, numbered schema migrations. The engagement file's `PRAGMA user_version` is the
 * number of the last one applied; a file with a higher number than this list knows is refused.
 * Never edit a migration that has shipped: add the next one.
 */
import type Database from 'better-sqlite3';
import { DEFAULT_POLICIES } from '../../../shared/domain/policies';
import { ATTACHMENTS_MIGRATION } from './attachmentsMigration';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Data a migration must add beside its schema; runs in the same transaction. */
  seed?: (db: Database.Database) => void;
}

/**
 * The number of the migration that keeps each VM's cluster (the VM worklist filters on it). One
 * constant, so that it can be renumbered when migrations written in parallel are merged.
 */
const VM_CLUSTER_MIGRATION = 7;

/**
 * The number of the hardware-profile migration below. Kept in one constant because migrations
 * written in parallel are renumbered when they land; change it here and nowhere else.
 */
export const HARDWARE_PROFILES_MIGRATION = 8;

const signedOffTriggers = (table: string) =>
  ['insert', 'update', 'delete']
    .map(
      (action) => `CREATE TRIGGER signed_off_${table}_${action} BEFORE ${action.toUpperCase()} ON ${table} WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;`,
    )
    .join('\n');

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'engagement, sites, systems, applications, answers, audit trail',
    sql: `
      CREATE TABLE engagement (
        id TEXT PRIMARY KEY,
        customer TEXT NOT NULL,
        title TEXT NOT NULL,
        consultants TEXT NOT NULL DEFAULT '',
        workshop_dates TEXT NOT NULL DEFAULT '',
        scope_notes TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in-review', 'signed-off')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE site (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        location TEXT NOT NULL DEFAULT '',
        datacenter_tier TEXT NOT NULL DEFAULT 'unknown',
        utility_feeds INTEGER,
        position INTEGER NOT NULL
      );
      CREATE TABLE azure_stack_system (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        site_id TEXT NOT NULL REFERENCES site(id) ON DELETE RESTRICT,
        region TEXT NOT NULL DEFAULT '',
        node_count INTEGER NOT NULL CHECK (node_count BETWEEN 4 AND 16),
        identity_model TEXT NOT NULL CHECK (identity_model IN ('connected', 'disconnected')),
        state TEXT NOT NULL CHECK (state IN ('operational', 'planned', 'none')),
        role TEXT NOT NULL CHECK (role IN ('primary', 'secondary')),
        public_azure_allowed INTEGER NOT NULL CHECK (public_azure_allowed IN (0, 1)),
        position INTEGER NOT NULL
      );
      CREATE TABLE application (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX application_name ON application (name COLLATE NOCASE);
      CREATE TABLE answer (
        application_id TEXT NOT NULL REFERENCES application(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        state_json TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        answered_by TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        catalogue_version INTEGER NOT NULL,
        PRIMARY KEY (application_id, question_id)
      );
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        field TEXT,
        old_value TEXT,
        new_value TEXT
      );
      CREATE INDEX audit_entity ON audit (entity, entity_id);
    `,
  },
  {
    version: 2,
    name: 'policies, components, VMs, site distances; answers per component',
    sql: `
      CREATE TABLE protection_policy (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        targets_json TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX protection_policy_name ON protection_policy (name COLLATE NOCASE);
      CREATE TABLE site_distance (
        site_a_id TEXT NOT NULL REFERENCES site(id) ON DELETE CASCADE,
        site_b_id TEXT NOT NULL REFERENCES site(id) ON DELETE CASCADE,
        km REAL NOT NULL CHECK (km >= 0),
        PRIMARY KEY (site_a_id, site_b_id),
        CHECK (site_a_id < site_b_id)
      );
      CREATE TABLE component (
        id TEXT PRIMARY KEY,
        application_id TEXT NOT NULL REFERENCES application(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE INDEX component_application ON component (application_id);
      CREATE TABLE vm (
        id TEXT PRIMARY KEY,
        application_id TEXT REFERENCES application(id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        os TEXT NOT NULL DEFAULT '',
        vcpu INTEGER,
        memory_gb REAL,
        provisioned_gb REAL,
        power_state TEXT NOT NULL DEFAULT 'unknown',
        host TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL
      );
      CREATE INDEX vm_application ON vm (application_id);
      -- An answer belongs to the application itself (component_id = '') or to one of its components.
      CREATE TABLE answer_v2 (
        application_id TEXT NOT NULL REFERENCES application(id) ON DELETE CASCADE,
        component_id TEXT NOT NULL DEFAULT '',
        question_id TEXT NOT NULL,
        state_json TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        answered_by TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        catalogue_version INTEGER NOT NULL,
        PRIMARY KEY (application_id, component_id, question_id)
      );
      INSERT INTO answer_v2 (application_id, component_id, question_id, state_json, note, answered_by, answered_at, catalogue_version)
        SELECT application_id, '', question_id, state_json, note, answered_by, answered_at, catalogue_version FROM answer;
      DROP TABLE answer;
      ALTER TABLE answer_v2 RENAME TO answer;
      CREATE TRIGGER component_answers_removed AFTER DELETE ON component
        BEGIN DELETE FROM answer WHERE component_id = OLD.id; END;
    `,
    seed: (db) => {
      const insert = db.prepare('INSERT INTO protection_policy (id, name, description, targets_json, position) VALUES (?, ?, ?, ?, ?)');
      DEFAULT_POLICIES.forEach((policy, position) =>
        insert.run(`policy-${policy.key}`, policy.name, policy.description, JSON.stringify(policy.targets), position),
      );
    },
  },
  {
    version: 3,
    name: 'estimate assumptions per engagement',
    // Only the assumptions the consultant changed are stored; an absent key means "the default",
    // so a new assumption needs no migration and an old one left in the table is ignored.
    sql: `
      CREATE TABLE estimate_assumption (
        key TEXT PRIMARY KEY,
        best REAL NOT NULL,
        worst REAL NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'sign-offs with their signers; a signed-off engagement refuses changes in the file itself',
    // The store refuses writes to a signed-off engagement with a clear message first; the triggers
    // are the backstop, so that no code path (or other tool) can change signed content. A status
    // of "signed-off" set before sign-offs existed had no fingerprint, so it goes back to review.
    sql: `
      CREATE TABLE signoff (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        signed_at TEXT NOT NULL,
        as_of TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        content TEXT NOT NULL,
        voided_at TEXT,
        voided_by TEXT,
        void_reason TEXT
      );
      CREATE TABLE signoff_signer (
        signoff_id INTEGER NOT NULL REFERENCES signoff(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        organisation TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        signed_at TEXT NOT NULL,
        PRIMARY KEY (signoff_id, position)
      );
      UPDATE engagement SET status = 'in-review' WHERE status = 'signed-off';
      CREATE TRIGGER signed_off_site_insert BEFORE INSERT ON site WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_site_update BEFORE UPDATE ON site WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_site_delete BEFORE DELETE ON site WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_azure_stack_system_insert BEFORE INSERT ON azure_stack_system WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_azure_stack_system_update BEFORE UPDATE ON azure_stack_system WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_azure_stack_system_delete BEFORE DELETE ON azure_stack_system WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_site_distance_insert BEFORE INSERT ON site_distance WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_site_distance_update BEFORE UPDATE ON site_distance WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_site_distance_delete BEFORE DELETE ON site_distance WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_protection_policy_insert BEFORE INSERT ON protection_policy WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_protection_policy_update BEFORE UPDATE ON protection_policy WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_protection_policy_delete BEFORE DELETE ON protection_policy WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_application_insert BEFORE INSERT ON application WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_application_update BEFORE UPDATE ON application WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_application_delete BEFORE DELETE ON application WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_component_insert BEFORE INSERT ON component WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_component_update BEFORE UPDATE ON component WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_component_delete BEFORE DELETE ON component WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_vm_insert BEFORE INSERT ON vm WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_vm_update BEFORE UPDATE ON vm WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_vm_delete BEFORE DELETE ON vm WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_answer_insert BEFORE INSERT ON answer WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_answer_update BEFORE UPDATE ON answer WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_answer_delete BEFORE DELETE ON answer WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_estimate_assumption_insert BEFORE INSERT ON estimate_assumption WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_estimate_assumption_update BEFORE UPDATE ON estimate_assumption WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_estimate_assumption_delete BEFORE DELETE ON estimate_assumption WHEN (SELECT status FROM engagement) = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
      CREATE TRIGGER signed_off_engagement_update BEFORE UPDATE ON engagement
        WHEN OLD.status = 'signed-off' AND NEW.status = 'signed-off'
        BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END;
    `,
  },
  {
    version: 5,
    name: "the customer's logo, for the report's cover and the workbook's Cover sheet",
    // Branding, not signed content: it is not in the fingerprint, so an engagement signed before
    // this version verifies as it did. One row at most; the bytes are checked again when read.
    sql: `
      CREATE TABLE customer_logo (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        file_name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        data BLOB NOT NULL,
        set_at TEXT NOT NULL
      );
    `,
  },
  ATTACHMENTS_MIGRATION,
  {
    version: VM_CLUSTER_MIGRATION,
    name: 'the cluster each VM runs in',
    sql: `ALTER TABLE vm ADD COLUMN cluster TEXT NOT NULL DEFAULT '';`,
  },
  {
    version: HARDWARE_PROFILES_MIGRATION,
    name: 'hardware profiles; the profile of each system and whether it is a Site Recovery target; the largest disk of each VM',
    // New columns are NULL for every existing row: "not set", which the records leave out, so
    // content signed before they existed still reads (and fingerprints) the same.
    sql: `
      CREATE TABLE hardware_profile (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        memory_gb_per_node REAL CHECK (memory_gb_per_node IS NULL OR memory_gb_per_node > 0),
        physical_cores_per_node INTEGER CHECK (physical_cores_per_node IS NULL OR physical_cores_per_node > 0),
        usable_storage_gb_per_node REAL CHECK (usable_storage_gb_per_node IS NULL OR usable_storage_gb_per_node > 0),
        position INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX hardware_profile_name ON hardware_profile (name COLLATE NOCASE);
      ALTER TABLE azure_stack_system ADD COLUMN hardware_profile_id TEXT REFERENCES hardware_profile(id) ON DELETE RESTRICT;
      ALTER TABLE azure_stack_system ADD COLUMN site_recovery_target INTEGER CHECK (site_recovery_target IN (0, 1));
      ALTER TABLE vm ADD COLUMN largest_disk_gb REAL CHECK (largest_disk_gb IS NULL OR largest_disk_gb >= 0);
      ${signedOffTriggers('hardware_profile')}
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
