import type { Answer, Application, Component } from '../domain/engagement';
import { isApplicable, questionsFor, type Question } from './catalogue';

const APPLICATION_QUESTIONS = questionsFor('application');
const COMPONENT_QUESTIONS = questionsFor('component');

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

/** The component-level questions that apply to a component, given its answers so far. */
export function applicableComponentQuestions(component: Component): readonly Question[] {
  return COMPONENT_QUESTIONS.filter((question) => isApplicable(question, component.answers));
}

/** The component's questions the interview walks through and progress counts, as `askedQuestions`. */
export function askedComponentQuestions(component: Component): readonly Question[] {
  return applicableComponentQuestions(component).filter((question) => !question.optional);
}

/** One question of the interview: the application's own, or one of a component's. */
export interface InterviewStep {
  question: Question;
  component: Component | null;
  /** Unique within the application: the question id, prefixed with the component's id. */
  key: string;
  answer: Answer | undefined;
}

export function stepKey(questionId: string, componentId?: string | null): string {
  return componentId ? `${componentId}/${questionId}` : questionId;
}

/** Everything asked about an application: its own questions, then each component's in turn. */
export function interviewSteps(application: Application): InterviewStep[] {
  const own = askedQuestions(application).map((question) => ({
    question,
    component: null,
    key: question.id,
    answer: application.answers[question.id],
  }));
  const components = application.components.flatMap((component) =>
    askedComponentQuestions(component).map((question) => ({
      question,
      component,
      key: stepKey(question.id, component.id),
      answer: component.answers[question.id],
    })),
  );
  return [...own, ...components];
}
