import type { Application } from '../../../../shared/domain/engagement';
import type { Question } from '../../../../shared/questions/catalogue';
import { applicableQuestions } from '../interview/questions';

export interface FollowUp {
  application: Application;
  question: Question;
  followUpBy: string;
  note: string;
}

export interface FollowUpsForApplication {
  application: Application;
  items: FollowUp[];
}

export interface FollowUpPerson {
  /** The name as first typed; null for unknowns nobody has been named for yet. */
  person: string | null;
  count: number;
  applications: FollowUpsForApplication[];
}

/**
 * Every unknown in the engagement, grouped by the person to ask (names compared without case
 * or surrounding spaces), then by application in list order, questions in catalogue order.
 * People are sorted by name; "no one named yet" comes last.
 */
export function groupFollowUps(applications: readonly Application[]): FollowUpPerson[] {
  const people = new Map<string, FollowUpPerson>();
  for (const application of applications) {
    for (const question of applicableQuestions(application)) {
      const answer = application.answers[question.id];
      if (answer?.state.status !== 'unknown') continue;
      const name = answer.state.followUpWith.trim();
      const key = name.toLowerCase();
      let group = people.get(key);
      if (!group) {
        group = { person: name || null, count: 0, applications: [] };
        people.set(key, group);
      }
      let forApplication = group.applications.find((entry) => entry.application.id === application.id);
      if (!forApplication) {
        forApplication = { application, items: [] };
        group.applications.push(forApplication);
      }
      forApplication.items.push({ application, question, followUpBy: answer.state.followUpBy, note: answer.note });
      group.count += 1;
    }
  }
  return [...people.values()].sort((a, b) => {
    if (a.person === null || b.person === null) return a.person === null ? 1 : -1;
    return a.person.localeCompare(b.person, undefined, { sensitivity: 'base' });
  });
}
