import { ENGAGEMENT_APPLICATION_ID } from './fileCheck';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import type { Db } from './storeContext';

/** Runs the migrations after `fromVersion` up to `toVersion` (all of them by default), in one transaction. */
export function migrate(db: Db, fromVersion: number, toVersion = SCHEMA_VERSION): void {
  const pending = MIGRATIONS.filter((m) => m.version > fromVersion && m.version <= toVersion);
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql);
      migration.seed?.(db);
      db.pragma(`user_version = ${migration.version}`);
    }
    db.pragma(`application_id = ${ENGAGEMENT_APPLICATION_ID}`);
  })();
}
