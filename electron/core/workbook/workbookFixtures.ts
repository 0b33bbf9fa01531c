import { join } from 'node:path';
import { buildDemoEngagement } from '../demo';
import { exportSource, type ExportSource } from '../signoff/history';
import type { Branding } from '../report/branding';
import { EngagementStore } from '../store/engagementStore';
import { tinyJpeg, tinyPng } from '../testImages';

/**
 * Engagements whose workbooks the tests compare: the demo, the demo signed off, one full of text
 * that looks hostile to a spreadsheet (formulas, markup, very long and unusual text) with evidence
 * attached, and the demo exported under a consultancy's brand (FIXTURE_BRANDING). Only tests use this.
 */

export const FIXTURE_AS_OF = '2026-11-25';
export const FIXTURE_EXPORTED_AT = '2026-11-25T10:00:00.000Z';

export type FixtureKind = 'demo' | 'signed' | 'hostile' | 'branded';

/** The profile and logos of a consultancy that brands its workbooks: a PNG and a JPEG on the Cover. */
export const FIXTURE_BRANDING: Branding = {
  author: 'Ana Ruiz',
  organisation: 'Contoso',
  consultancy: 'Contoso Continuity',
  consultancyLogo: { mediaType: 'image/png', width: 240, height: 80, dataUrl: `data:image/png;base64,${tinyPng(240, 80, [200, 60, 30]).toString('base64')}` },
  customerLogo: { mediaType: 'image/jpeg', width: 300, height: 300, dataUrl: `data:image/jpeg;base64,${tinyJpeg(300, 300).toString('base64')}` },
};

const LONG = 'Failover runbook, step by step: '.padEnd(9_000, ' and then the next step');

/** Text a spreadsheet might take for a formula or markup, and text in many scripts. */
export const HOSTILE_TEXTS = [
  '=HYPERLINK("http://evil.example","click")',
  '@SUM(1+1)',
  '+44 20 7946 0000',
  '-2+3',
  '\tcmd|calc',
  '<b>bold</b> & "quoted" \'single\'',
  '  leading and trailing spaces  ',
  'line one\nline two\n\nline four',
  'Ärztin 👩‍⚕️ 医院 مستشفى בית חולים e\u0301 \u200d',
  LONG,
];

function hostileEngagement(path: string): EngagementStore {
  const store = EngagementStore.create(path, { customer: HOSTILE_TEXTS[0]!, title: HOSTILE_TEXTS[1]! }, 'tester');
  store.updateDetails({ consultants: HOSTILE_TEXTS[5]!, scopeNotes: LONG, workshopDates: HOSTILE_TEXTS[8]! });
  HOSTILE_TEXTS.slice(0, 9).forEach((text, index) => {
    const app = store.addApplication(`${text.trim().slice(0, 100)} ${index}`);
    store.setAnswer(app.id, null, 'app.owner', { status: 'answered', value: HOSTILE_TEXTS[(index + 1) % 9]!.trim().slice(0, 120) || 'Owner' }, HOSTILE_TEXTS[(index + 2) % HOSTILE_TEXTS.length]);
    store.setAnswer(app.id, null, 'app.backup.exists', { status: 'unknown', followUpWith: HOSTILE_TEXTS[(index + 3) % 9]!.trim().slice(0, 120), followUpBy: '' });
    store.setAnswer(app.id, null, 'app.criticality', { status: 'not-applicable', reason: HOSTILE_TEXTS[(index + 4) % 9]!.trim() });
    const component = store.addComponent(app.id, HOSTILE_TEXTS[(index + 5) % 9]!.trim().slice(0, 100) || 'Tier');
    store.setAnswer(app.id, component.id, 'component.statefulness', { status: 'answered', value: 'stateful' }, LONG);
    // Evidence, so the workbook has its Evidence sheet too.
    store.addAttachment({ applicationId: app.id, componentId: component.id, questionId: 'component.statefulness' }, { name: `diagram ${index} <&>.png`, bytes: tinyPng(4 + index, 4) });
  });
  return store;
}

/** The engagement of `kind`, in a new file in `dir`, as exports see it. */
export function fixtureSource(dir: string, kind: FixtureKind): ExportSource {
  const path = join(dir, `${kind}.cwb`);
  const store = kind === 'hostile' ? hostileEngagement(path) : buildDemoEngagement(path, 'Alex Consultant');
  try {
    if (kind === 'signed') store.signOff({ name: 'Dr. Ines Vermeulen', role: 'CMIO', organisation: 'Fabrikam Regional Health', comment: 'Accepted — "as is" & <final>' }, FIXTURE_AS_OF);
    return exportSource(store, FIXTURE_AS_OF);
  } finally {
    store.close();
  }
}
