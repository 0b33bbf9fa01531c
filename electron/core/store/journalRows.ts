// What a journaled row is in the consultant's words (for a refused undo) and in the audit
// trail's terms (so an undone change is audited like the change itself, and an import's own
// undo sees it as a later edit).
import { findQuestion } from '../../../shared/questions/catalogue';
import type { Row } from './rowJournal';
import type { StoreContext } from './storeContext';

const text = (value: unknown) => (typeof value === 'string' ? value : String(value ?? ''));

const NAMED: Record<string, string> = {
  vm: 'the VM',
  attachment: 'the attached file',
  application: 'the application',
  component: 'the component',
  site: 'the site',
  azure_stack_system: 'the Azure Stack Hub system',
  hardware_profile: 'the hardware profile',
  protection_policy: 'the protection policy',
};

/** "the VM web01", "the answer to “Who owns it?”", for a message that says what changed since. */
export function describeRow(table: string, row: Row): string {
  const named = NAMED[table];
  if (named) return `${named} ${text(row.name)}`;
  switch (table) {
    case 'answer':
      return `the answer to “${findQuestion(text(row.question_id))?.prompt ?? text(row.question_id)}”`;
    case 'site_distance':
      return 'the distance between two sites';
    case 'estimate_assumption':
      return 'the estimate assumptions';
    case 'engagement':
      return 'the engagement details';
    case 'customer_logo':
      return "the customer's logo";
    default:
      return `a record (${table})`;
  }
}

function withoutBytes(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([column, value]) => [column, value instanceof Uint8Array ? `(${value.length} bytes)` : value]));
}

const engagementId = (store: StoreContext) => text(store.db.prepare('SELECT id FROM engagement LIMIT 1').pluck().get());

const ENTITY: Record<string, string> = {
  customer_logo: 'customer-logo',
  azure_stack_system: 'system',
  hardware_profile: 'hardwareProfile',
  protection_policy: 'policy',
  site_distance: 'siteDistance',
  estimate_assumption: 'assumption',
};

/** The audit entry's entity, id, field and values for one row, as the domain modules write them. */
export function auditTarget(
  store: StoreContext,
  table: string,
  row: Row,
): { entity: string; entityId: string; field: string | null; value: (row: Row | null) => unknown } {
  const entity = ENTITY[table] ?? table;
  switch (table) {
    case 'answer': {
      const component = text(row.component_id);
      return {
        entity,
        entityId: component === '' ? text(row.application_id) : `${text(row.application_id)}/${component}`,
        field: text(row.question_id),
        value: (image) => (image ? { state: JSON.parse(text(image.state_json)) as unknown, note: image.note } : null),
      };
    }
    case 'site_distance':
      return { entity, entityId: `${text(row.site_a_id)}/${text(row.site_b_id)}`, field: 'km', value: (image) => image?.km ?? null };
    case 'estimate_assumption':
      return { entity, entityId: engagementId(store), field: text(row.key), value: (image) => (image ? { best: image.best, worst: image.worst } : null) };
    case 'customer_logo':
      // As the logo's own module audits it: what it is, never its bytes.
      return { entity, entityId: engagementId(store), field: null, value: (image) => (image ? { fileName: image.file_name, mediaType: image.media_type } : null) };
    default:
      // Bytes (an attached file) stay out of the audit trail, as the modules that write them keep them out.
      return { entity, entityId: text(row.id ?? Object.values(row).join('/')), field: null, value: (image) => (image ? withoutBytes(image) : null) };
  }
}
