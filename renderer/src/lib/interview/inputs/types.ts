import type { Application, AzureStackSystem, ProtectionPolicy, Site, Vm } from '../../../../../shared/domain/engagement';
import type { Question } from '../../../../../shared/questions/catalogue';

/** What an answer input may need from the engagement besides its question. */
export interface InterviewContext {
  systems: AzureStackSystem[];
  sites: Site[];
  policies: ProtectionPolicy[];
  applications: Application[];
  vms: Vm[];
}

export type QuestionOfType<T extends Question['type']> = Extract<Question, { type: T }>;

/**
 * The props every answer input takes, whatever its type. An input shows `value` (the
 * answered value, undefined when there is none) and reports a new value with `onanswer`,
 * which resolves false when the value was refused (the message is shown beside the field).
 */
export interface InputProps<Q extends Question = Question> {
  question: Q;
  /** The id of the input's main control, which focus goes to. */
  id: string;
  /** The prompt's id: the control's accessible name. */
  labelledBy: string;
  /** The help text's id, and the error's when there is one. */
  describedBy: string;
  value: unknown;
  /** The application the answer belongs to, e.g. so that it is not offered as its own dependency. */
  subjectId: string;
  invalid: boolean;
  context: InterviewContext;
  /** `typing` marks text saved after a pause, so a run of typing undoes as one step. */
  onanswer: (value: unknown, typing?: boolean) => Promise<boolean>;
  /** The consultant left a refused value and the saved one is back: the refusal no longer applies. */
  ondiscard: () => void;
}
