import { describe, expect, it } from 'vitest';
import { followUpsCsv, followUpText } from './followUpExport';

const rows = [
  { person: 'Priya Shah', due: '2026-03-01', application: 'Payroll', component: '', question: 'Which system does it run on?', note: '' },
  { person: 'Priya Shah', due: '', application: 'Payroll', component: 'Database', question: 'How often is it backed up?', note: 'Ask about "weekly", fulls' },
  { person: 'Priya Shah', due: '2026-03-05', application: 'Intranet', component: '', question: 'Who owns it?', note: '=HYPERLINK("x")' },
];

describe('follow-ups leaving the app', () => {
  it('writes a CSV Excel opens as text, quoting what needs it and defusing formulas', () => {
    const csv = followUpsCsv(rows);
    expect(csv.startsWith('\uFEFFFollow up with,By,Application,Component,Question,Note\r\n')).toBe(true);
    expect(csv).toContain('Priya Shah,2026-03-01,Payroll,,Which system does it run on?,\r\n');
    expect(csv).toContain('"Ask about ""weekly"", fulls"');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv.split('\r\n')).toHaveLength(5);
  });

  it('writes a message for one person, by application, with ISO dates and the consultant signing', () => {
    const text = followUpText('Priya Shah', rows, { customer: 'Contoso', title: 'DR review', from: { name: 'Ana Ruiz', organisation: 'Contoso Advisory' } });
    expect(text).toBe(
      [
        'Hello Priya Shah,',
        '',
        'For the business continuity and disaster recovery assessment of Contoso (DR review), 3 questions are still open that you can help with. Could you answer them by the dates shown?',
        '',
        'Payroll',
        '  - Which system does it run on? (by 2026-03-01)',
        '  - Database: How often is it backed up?',
        '    Note: Ask about "weekly", fulls',
        '',
        'Intranet',
        '  - Who owns it? (by 2026-03-05)',
        '    Note: =HYPERLINK("x")',
        '',
        'Thank you,',
        'Ana Ruiz',
        'Contoso Advisory',
        '',
      ].join('\n'),
    );
    expect(followUpText(null, rows.slice(1, 2), { customer: 'C', title: 'T', from: null })).toMatch(/^Hello,\n\n.*one question is still open.*Could you answer it\?\n/);
  });
});
