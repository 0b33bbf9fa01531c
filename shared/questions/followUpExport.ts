import type { FollowUp } from './followUps';

/**
 * Follow-ups leave the app per person: a CSV to sort and filter in a spreadsheet, and a text to
 * paste into an e-mail to the one person who can answer. Dates stay ISO (YYYY-MM-DD) so that no
 * reader can misread day and month.
 */

export const FOLLOW_UP_CSV_HEADERS = ['Follow up with', 'By', 'Application', 'Component', 'Question', 'Note'] as const;

/** A spreadsheet would run a cell starting with one of these as a formula; a leading apostrophe keeps it text. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a byte order mark and CRLF line ends, which Excel opens as it should. */
export function followUpsCsv(rows: readonly FollowUp[]): string {
  const lines = [FOLLOW_UP_CSV_HEADERS.join(','), ...rows.map((row) => [row.person, row.due, row.application, row.component, row.question, row.note].map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export interface FollowUpLetter {
  customer: string;
  title: string;
  /** Who signs the message: the consultant's profile, when there is one. */
  from: { name: string; organisation: string } | null;
}

/** The open questions for one person as a message to paste into an e-mail, grouped by application. */
export function followUpText(person: string | null, rows: readonly FollowUp[], letter: FollowUpLetter): string {
  const byApplication = new Map<string, FollowUp[]>();
  for (const row of rows) byApplication.set(row.application, [...(byApplication.get(row.application) ?? []), row]);
  const count = rows.length === 1 ? 'one question is' : `${rows.length} questions are`;
  const lines = [
    person ? `Hello ${person},` : 'Hello,',
    '',
    `For the business continuity and disaster recovery assessment of ${letter.customer} (${letter.title}), ${count} still open that you can help with. Could you answer ${rows.length === 1 ? 'it' : 'them'}${rows.some((row) => row.due) ? ' by the dates shown' : ''}?`,
  ];
  for (const [application, items] of byApplication) {
    lines.push('', application);
    for (const item of items) {
      const due = item.due ? ` (by ${item.due})` : '';
      lines.push(`  - ${item.component ? `${item.component}: ` : ''}${item.question}${due}`);
      if (item.note) lines.push(`    Note: ${item.note}`);
    }
  }
  lines.push('', 'Thank you,');
  if (letter.from) lines.push(letter.from.name, letter.from.organisation);
  return `${lines.join('\n').trimEnd()}\n`;
}
