import { exportSource } from '../core/signoff/history';
import { exportReport, REPORT_FORMATS, type ExportReportOptions, type ReportFormat } from '../core/report/exportReport';
import { EngagementStore } from '../core/store/engagementStore';
import { brandingOf } from '../core/report/branding';
import { ProfileStore } from '../core/profile';
import { defaultDataDir } from '../core/settings';
import { isIsoDate } from '../../shared/dates/isoDate';
import { parse, requireFile, UsageError } from './args';
import { resolve } from 'node:path';
import { todayUtc } from '../../shared/rules/format';

export const REPORT_USAGE = `  cwb report FILE --format html|pdf|docx -o OUT [--as-of YYYY-MM-DD]
                                                           write the recommendation report (read-only)`;

/**
 * `cwb report`: the engagement's recommendation report in one format. The engagement file is
 * only read; the output is written under a temporary name and renamed, so OUT is never half
 * written.
 */
export async function reportCommand(args: string[], options: ExportReportOptions = {}): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: 'string' }, output: { type: 'string', short: 'o' }, 'as-of': { type: 'string' } });
  const source = requireFile(positionals, 'report');
  if (values.format === undefined) throw new UsageError('cwb report needs --format html, pdf or docx.');
  if (!(REPORT_FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`cwb report knows --format html, pdf or docx, not "${values.format}".`);
  if (values.output === undefined) throw new UsageError('cwb report needs -o OUT, the file to write.');
  const asOf = values['as-of'] ?? todayUtc();
  if (!isIsoDate(asOf)) throw new UsageError(`--as-of must be a date as YYYY-MM-DD, got "${asOf}".`);
  const output = resolve(values.output);
  if (output === source) throw new UsageError('cwb report -o must name a new file, not the engagement file itself.');

  const { view, assessment, customerLogo } = EngagementStore.read(source, (store) => ({ ...exportSource(store, asOf), customerLogo: store.customerLogo() }));
  const branding = brandingOf(new ProfileStore(defaultDataDir()).read(), customerLogo);
  await exportReport(output, values.format as ReportFormat, view, assessment, { branding, ...options });
  return 0;
}
