/** The words and symbols for results are shared with the workbook and the report, so every output says the same. */
export {
  ASSESSMENT_LABELS,
  COMPLIANCE_WORDS,
  CONFIDENCE_LABELS,
  STATE_ORDER,
  PLACE_LABELS,
  SCHEME_LABELS,
  scopeState,
  scopeTitle,
  SEVERITY_LABELS,
  STATE_LABELS,
  notAssessedWhy,
  type CellState,
} from '../../../../shared/rules/labels';

/** The day the assessment speaks for, in the consultant's own time zone. */
export function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
