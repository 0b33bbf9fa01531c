import { randomUUID } from 'node:crypto';
import { CATALOGUE_VERSION } from '../../../shared/questions/catalogue';
import { ASSUMPTIONS } from '../../../shared/rules/assumptions';
import type { EngagementDocument } from '../../../shared/interchange/engagementJson';
import { addDocumentAttachments } from './attachments';
import { now, type StoreContext } from './storeContext';
import { columnValues, HARDWARE_PROFILES, POLICIES, SITES, SYSTEMS, VMS, type TableMapping } from './tables';

/**
 * Writes a whole document into a freshly migrated, empty file, in one transaction. A plain
 * transaction, not `write`: the file is still being made under its temporary name, so there is
 * nothing to refuse, and its failures are put in words against the name it will have.
 */
export function fillFromDocument(store: StoreContext, document: EngagementDocument): void {
  const { db } = store;
  db.transaction(() => {
    const at = now();
    const id = randomUUID();
    const { engagement } = document;
    db
      .prepare(
        `INSERT INTO engagement (id, customer, title, consultants, workshop_dates, scope_notes, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      // A sign-off does not travel in a document (its fingerprint belongs to the file it was made
      // in), so a document exported from a signed engagement arrives ready for review again.
      .run(id, engagement.customer, engagement.title, engagement.consultants, engagement.workshopDates, engagement.scopeNotes, engagement.status === 'signed-off' ? 'in-review' : engagement.status, at, at);
    // The migration seeds the default policies; the document's policies replace them.
    db.prepare('DELETE FROM protection_policy').run();
    const insertAll = <T extends { id: string }>(mapping: TableMapping<T>, records: readonly T[]) => {
      records.forEach((record, position) => {
        const values = columnValues(mapping, record);
        const columns = Object.keys(values);
        db
          .prepare(`INSERT INTO ${mapping.table} (id, ${columns.join(', ')}, position) VALUES (@id, ${columns.map((c) => `@${c}`).join(', ')}, @position)`)
          .run({ ...values, id: record.id, position });
      });
    };
    insertAll(SITES, document.sites);
    insertAll(HARDWARE_PROFILES, document.hardwareProfiles);
    insertAll(SYSTEMS, document.systems);
    insertAll(POLICIES, document.policies);
    const distance = db.prepare('INSERT INTO site_distance (site_a_id, site_b_id, km) VALUES (?, ?, ?)');
    for (const { siteAId, siteBId, km } of document.siteDistances) {
      distance.run(...(siteAId < siteBId ? [siteAId, siteBId] : [siteBId, siteAId]), km);
    }
    const application = db.prepare('INSERT INTO application (id, name, created_at, position) VALUES (?, ?, ?, ?)');
    const component = db.prepare('INSERT INTO component (id, application_id, name, position) VALUES (?, ?, ?, ?)');
    const answer = db.prepare(
      `INSERT INTO answer (application_id, component_id, question_id, state_json, note, answered_by, answered_at, catalogue_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Every answer was checked against this version's catalogue, so it is recorded under it.
    const insertAnswers = (applicationId: string, componentId: string, answers: EngagementDocument['applications'][number]['answers']) => {
      for (const [questionId, given] of Object.entries(answers)) {
        answer.run(applicationId, componentId, questionId, JSON.stringify(given.state), given.note, given.answeredBy, given.answeredAt, CATALOGUE_VERSION);
      }
    };
    let componentPosition = 0;
    document.applications.forEach((app, position) => {
      application.run(app.id, app.name, at, position);
      insertAnswers(app.id, '', app.answers);
      for (const tier of app.components) {
        component.run(tier.id, app.id, tier.name, componentPosition++);
        insertAnswers(app.id, tier.id, tier.answers);
      }
    });
    insertAll(VMS, document.vms);
    const assumption = db.prepare('INSERT INTO estimate_assumption (key, best, worst) VALUES (?, ?, ?)');
    for (const definition of ASSUMPTIONS) {
      const range = document.assumptions[definition.key];
      if (range.best !== definition.defaults.best || range.worst !== definition.defaults.worst) assumption.run(definition.key, range.best, range.worst);
    }
    addDocumentAttachments(store, document.attachments ?? []);
    store.audit('import', 'engagement', id, null, null, {
      format: document.format,
      formatVersion: document.formatVersion,
      exportedAt: document.exportedAt,
      appVersion: document.appVersion,
      customer: engagement.customer,
      title: engagement.title,
    });
  })();
}
