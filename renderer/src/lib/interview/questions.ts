import type { Question } from '../../../../shared/questions/catalogue';

export {
  applicableQuestions,
  askedQuestions,
  applicableComponentQuestions,
  askedComponentQuestions,
  interviewSteps,
  stepKey,
  type InterviewStep,
} from '../../../../shared/questions/interviewSteps';

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
