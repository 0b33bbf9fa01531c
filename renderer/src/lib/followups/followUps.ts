import type { Answer, Application, Component } from '../../../../shared/domain/engagement';
import type { Question } from '../../../../shared/questions/catalogue';
import type { FollowUp as SharedFollowUp } from '../../../../shared/questions/followUps';
import { applicableComponentQuestions, applicableQuestions, stepKey } from '../interview/questions';

export interface FollowUp {
  application: Application;
  /** Set when the unknown is one of a component's answers. */
  component: Component | null;
  question: Question;
  /** Unique within the application (see `stepKey`). */
  key: string;
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

/** The application's own applicable questions, then each component's, with their answers. */
function asked(application: Application): { component: Component | null; question: Question; answer: Answer | undefined }[] {
  const own = applicableQuestions(application).map((question) => ({
    component: null,
    question,
    answer: application.answers[question.id],
  }));
  const components = application.components.flatMap((component) =>
    applicableComponentQuestions(component).map((question) => ({ component, question, answer: component.answers[question.id] })),
  );
  return [...own, ...components];
}

/**
 * Every unknown in the engagement, grouped by the person to ask (names compared without case
 * or surrounding spaces), then by application in list order, questions in catalogue order
 * (the application's own, then its components').
 * People are sorted by name; "no one named yet" comes last.
 */
export function groupFollowUps(applications: readonly Application[]): FollowUpPerson[] {
  const people = new Map<string, FollowUpPerson>();
  for (const application of applications) {
    for (const { component, question, answer } of asked(application)) {
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
      const itemKey = stepKey(question.id, component?.id);
      forApplication.items.push({ application, component, question, key: itemKey, followUpBy: answer.state.followUpBy, note: answer.note });
      group.count += 1;
    }
  }
  return [...people.values()].sort((a, b) => {
    if (a.person === null || b.person === null) return a.person === null ? 1 : -1;
    return a.person.localeCompare(b.person, undefined, { sensitivity: 'base' });
  });
}

/** One person's follow-ups as the rows the CSV and the message are made of (see shared/questions/followUpExport). */
export function rowsOf(group: FollowUpPerson): SharedFollowUp[] {
  return group.applications.flatMap((entry) =>
    entry.items.map((item) => ({
      person: group.person ?? '',
      due: item.followUpBy,
      application: entry.application.name,
      component: item.component?.name ?? '',
      question: item.question.prompt,
      note: item.note,
    })),
  );
}
