import type { Application } from '../../../../shared/domain/engagement';
import { isApplicable, questionsFor, type Question } from '../../../../shared/questions/catalogue';

const APPLICATION_QUESTIONS = questionsFor('application');

/**
 * The application-level questions that apply, given the answers so far: a follow-on question
 * (backup frequency, say) appears once the answer it depends on calls for it. Component-level
 * questions are asked per component.
 */
export function applicableQuestions(application: Application): readonly Question[] {
  return APPLICATION_QUESTIONS.filter((question) => isApplicable(question, application.answers));
}

/**
 * The questions the interview walks through and progress counts: the applicable ones without
 * the optional refinements (targets that override the policy), which the form shows as well.
 */
export function askedQuestions(application: Application): readonly Question[] {
  return applicableQuestions(application).filter((question) => !question.optional);
}

export interface Section {
  name: string;
  questions: Question[];
}

/** Sections in the order the catalogue first mentions them. */
export function sectionsOf(questions: readonly Question[]): Section[] {
  return questions.reduce<Section[]>((groups, question) => {
    const group = groups.find((candidate) => candidate.name === question.section);
    if (group) group.questions.push(question);
    else groups.push({ name: question.section, questions: [question] });
    return groups;
  }, []);
}

/** A DOM id fragment for a question, stable across modes. */
export function questionDomId(questionId: string): string {
  return `q-${questionId.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}
