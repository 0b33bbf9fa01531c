import type { Application } from '../domain/engagement';
import { byNameThenId } from '../rules/facts';
import { QUESTIONS } from './catalogue';

/** An unknown answer as a task: who to ask, by when, about what. */
export interface FollowUp {
  person: string;
  due: string;
  application: string;
  component: string;
  question: string;
  note: string;
}

/**
 * Every unknown answer with the person to ask, for the workbook and the report alike: by person,
 * then application, and in the interview's question order within one application.
 */
export function collectFollowUps(applications: readonly Application[]): FollowUp[] {
  const followUps: FollowUp[] = [];
  for (const app of [...applications].sort(byNameThenId)) {
    const subjects = [
      { name: '', answers: app.answers, level: 'application' as const },
      ...app.components.map((c) => ({ name: c.name, answers: c.answers, level: 'component' as const })),
    ];
    for (const subject of subjects) {
      for (const question of QUESTIONS) {
        const given = question.level === subject.level ? subject.answers[question.id] : undefined;
        if (given?.state.status !== 'unknown') continue;
        followUps.push({
          person: given.state.followUpWith || '(nobody named)',
          due: given.state.followUpBy,
          application: app.name,
          component: subject.name,
          question: question.prompt,
          note: given.note,
        });
      }
    }
  }
  return followUps.sort((a, b) => a.person.localeCompare(b.person) || a.application.localeCompare(b.application));
}
