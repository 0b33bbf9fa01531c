import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerImportPreview } from '../../../shared/api/answerImportContract';
import { questionsFor } from '../../../shared/questions/catalogue';
import { buildRealisticEngagement } from '../../bench/largeEngagement';
import { cwb } from '../../cli/testCli';
import { EngagementStore } from '../store/engagementStore';
import { useTempDir } from '../testSupport';
import { fixtureSource, FIXTURE_AS_OF } from './workbookFixtures';

const tempDir = useTempDir();

/** `cwb export` then `cwb import-answers` of the untouched workbook: what the dry run would change. */
async function roundTrip(engagement: string): Promise<AnswerImportPreview> {
  const workbook = join(tempDir(), 'untouched.xlsx');
  expect(await cwb('export', engagement, '--format', 'xlsx', '-o', workbook, '--as-of', FIXTURE_AS_OF)).toMatchObject({ code: 0, err: '' });
  const imported = await cwb('import-answers', engagement, workbook, '--json');
  expect(imported.code).toBe(0);
  return AnswerImportPreview.parse((JSON.parse(imported.out) as { preview: unknown }).preview);
}

describe('an exported workbook read straight back', () => {
  it('makes no phantom edits for an engagement of 96 applications with realistic answers', async () => {
    const dir = tempDir();
    const engagement = join(dir, 'large.cwb');
    buildRealisticEngagement(engagement, join(dir, 'template.cwb'), 96);
    const view = EngagementStore.inspect(engagement);
    const components = view.applications.reduce((n, app) => n + app.components.length, 0);
    const preview = await roundTrip(engagement);
    expect(preview.rowsRead).toBe(view.applications.length * questionsFor('application').length + components * questionsFor('component').length);
    expect(preview.editedRows).toBe(0);
    expect(preview.changes).toEqual([]);
  });

  it('makes no phantom edits for text a spreadsheet would mangle: formulas, markup, control characters, carriage returns, escapes, long and unusual text', async () => {
    const dir = tempDir();
    const { view } = fixtureSource(dir, 'hostile');
    const store = EngagementStore.open(view.path, 'tester');
    const app = view.applications[0]!;
    store.setAnswer(app.id, null, 'app.dataSizeGb', { status: 'answered', value: 120 }, 'bell\u0007, form feed\u000c, windows\r\nline, _x0041_ and _x00e9_ as typed');
    store.setAnswer(app.id, null, 'app.owner', { status: 'unknown', followUpWith: 'Ops _x0020_ desk\r', followUpBy: '2027-01-31' });
    store.close();
    const preview = await roundTrip(view.path);
    expect(preview.rowsRead).toBeGreaterThan(0);
    expect(preview.editedRows).toBe(0);
    expect(preview.changes).toEqual([]);
  });
});
