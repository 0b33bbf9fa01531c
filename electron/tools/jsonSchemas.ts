import { z } from 'zod';
import { EngagementDocument } from '../../shared/interchange/engagementJson';
import { Assessment } from '../../shared/rules/assessment';
import { RecoveryPlans } from '../../shared/rules/planContract';

/** The public JSON contracts, each written as JSON Schema beside the zod schema it comes from. */
export const JSON_SCHEMA_FILES = [
  { path: 'shared/rules/assessment.schema.json', title: 'Continuity Workbook assessment', schema: Assessment },
  { path: 'shared/interchange/engagement.schema.json', title: 'Continuity Workbook engagement document', schema: EngagementDocument },
  { path: 'shared/rules/plan.schema.json', title: 'Continuity Workbook recovery plans', schema: RecoveryPlans },
] as const;

/**
 * The text of one schema file: what a valid document looks like once parsed, pretty-printed,
 * newline at the end. A zod type JSON Schema cannot express makes this throw, on purpose:
 * the published contract must say everything the app checks about a shape.
 */
export function jsonSchemaText(file: (typeof JSON_SCHEMA_FILES)[number]): string {
  const { $schema, ...rest } = z.toJSONSchema(file.schema, { io: 'output' });
  return `${JSON.stringify({ $schema, title: file.title, ...rest }, null, 2)}\n`;
}
