import type { Answer, Application } from '../../../../shared/domain/engagement';

/** Whose answer it is: an application, or one of its components. */
export interface AnswerSubject {
  applicationId: string;
  componentId?: string | undefined;
}

/** One key per subject and question, for save queues and field errors. */
export function answerKey(subject: AnswerSubject, questionId: string): string {
  return `${subject.applicationId}\u0000${subject.componentId ?? ''}\u0000${questionId}`;
}

/** The subject as the API names it: `componentId` only when there is one. */
export function answerTarget(subject: AnswerSubject, questionId: string): { applicationId: string; componentId?: string; questionId: string } {
  return subject.componentId
    ? { applicationId: subject.applicationId, componentId: subject.componentId, questionId }
    : { applicationId: subject.applicationId, questionId };
}

/** The answers of the application, or of one of its components (undefined when it is gone). */
export function answersOf(application: Application, componentId?: string): Record<string, Answer> | undefined {
  if (!componentId) return application.answers;
  return application.components.find((component) => component.id === componentId)?.answers;
}
