import type { Application } from '../../../../shared/domain/engagement';
import { QUESTIONS, type Question } from '../../../../shared/questions/catalogue';

/**
 * The questions that apply to an application. Every question applies today; when the
 * catalogue learns "applies when", this is the one place the screen asks.
 */
export function applicableQuestions(_application: Application): readonly Question[] {
  return QUESTIONS;
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
