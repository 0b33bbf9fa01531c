import type { Migration } from './migrations';

/**
 * Kept apart, with its number in one constant, so that migrations written in parallel can be
 * renumbered when they land together.
 */
export const ATTACHMENTS_MIGRATION_VERSION = 6;

const SIGNED_OFF = `WHEN (SELECT status FROM engagement) = 'signed-off' BEGIN SELECT RAISE(ABORT, 'signed off: reopen the engagement to change it'); END`;

export const ATTACHMENTS_MIGRATION: Migration = {
  version: ATTACHMENTS_MIGRATION_VERSION,
  name: 'evidence attachments; the copy an audited change was merged from',
  // An attachment backs the application itself (question_id '') or one answer, of the application
  // (component_id '') or of one component, like the answer table. The bytes stay in this table and
  // are read only when a file is previewed, saved out, exported or fingerprinted. `audit.source`
  // names the copy of the engagement a merged change came from (null for changes made here).
  sql: `
    CREATE TABLE attachment (
      id TEXT PRIMARY KEY,
      application_id TEXT NOT NULL REFERENCES application(id) ON DELETE CASCADE,
      component_id TEXT NOT NULL DEFAULT '',
      question_id TEXT NOT NULL DEFAULT '',
      name TEXT NOT NULL,
      media_type TEXT NOT NULL,
      size INTEGER NOT NULL CHECK (size >= 0),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      content BLOB NOT NULL,
      attached_by TEXT NOT NULL,
      attached_at TEXT NOT NULL,
      position INTEGER NOT NULL
    );
    CREATE INDEX attachment_subject ON attachment (application_id, component_id, question_id);
    CREATE TRIGGER component_attachments_removed AFTER DELETE ON component
      BEGIN DELETE FROM attachment WHERE component_id = OLD.id; END;
    CREATE TRIGGER signed_off_attachment_insert BEFORE INSERT ON attachment ${SIGNED_OFF};
    CREATE TRIGGER signed_off_attachment_update BEFORE UPDATE ON attachment ${SIGNED_OFF};
    CREATE TRIGGER signed_off_attachment_delete BEFORE DELETE ON attachment ${SIGNED_OFF};
    ALTER TABLE audit ADD COLUMN source TEXT;
  `,
};
