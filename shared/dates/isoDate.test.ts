import { describe, expect, it } from 'vitest';
import { AnswerStateInput } from '../domain/engagement';
import { answerValueSchema, findQuestion } from '../questions/catalogue';
import { dateProblem, IsoDate, OptionalIsoDate } from './isoDate';

describe('dates as typed', () => {
  it('accepts real ISO dates, leap days included, trimmed', () => {
    expect(IsoDate.parse(' 2026-02-02 ')).toBe('2026-02-02');
    expect(dateProblem('2024-02-29')).toBeNull();
    expect(dateProblem('1900-01-01')).toBeNull();
    expect(dateProblem('2200-12-31')).toBeNull();
  });

  it('refuses impossible dates, the US typing slip and years outside 1900–2200, saying why', () => {
    expect(dateProblem('2026-02-31')).toBe('2026-02-31 does not exist: that month has 28 days.');
    expect(dateProblem('2023-02-29')).toMatch(/does not exist/);
    expect(dateProblem('2026-13-01')).toMatch(/no month 13/);
    expect(dateProblem('70126-02-02')).toMatch(/year-month-day/);
    expect(dateProblem('02/02/2026')).toMatch(/year-month-day/);
    expect(dateProblem('1899-12-31')).toMatch(/outside 1900–2200/);
    expect(dateProblem('2201-01-01')).toMatch(/outside 1900–2200/);
  });

  it('lets a follow-up go without a date, but not with a wrong one', () => {
    expect(OptionalIsoDate.parse('')).toBe('');
    expect(AnswerStateInput.safeParse({ status: 'unknown', followUpWith: 'DBA', followUpBy: '2026-02-30' }).success).toBe(false);
    expect(AnswerStateInput.parse({ status: 'unknown', followUpWith: 'DBA', followUpBy: '2026-03-02' })).toEqual({ status: 'unknown', followUpWith: 'DBA', followUpBy: '2026-03-02' });
  });

  it('is the check every date question uses', () => {
    const question = findQuestion('app.failover.lastTest')!;
    expect(question.type).toBe('date');
    expect(answerValueSchema(question).safeParse('2026-02-31').error?.issues[0]?.message).toMatch(/does not exist/);
    expect(answerValueSchema(question).safeParse('2026-02-28').success).toBe(true);
  });
});
