/**
 * Forward-only, numbered schema migrations. The engagement file's `PRAGMA user_version` is the
 * number of the last one applied; a file with a higher number than this list knows is refused.
 * Never edit a migration that has shipped: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

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
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
