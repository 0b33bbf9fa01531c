import { z } from 'zod';

/**
 * The question catalogue: declarative data, read by the interview screen, the store's
 * validation, and (later) the workbook and the rules. Bump the version whenever a question's
 * meaning or its choices change; every answer records the version it was given under.
 */
export const CATALOGUE_VERSION = 1;

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

interface QuestionBase {
  id: string;
  section: string;
  prompt: string;
  /** Why we ask and what a good answer looks like, in the consultant's words. */
  help: string;
  unknownAllowed: boolean;
}

export type Question =
  | (QuestionBase & { type: 'choice'; choices: readonly Choice[] })
  | (QuestionBase & { type: 'yes-no' })
  | (QuestionBase & { type: 'text'; maxLength: number; placeholder?: string })
  | (QuestionBase & { type: 'system-reference' });

export const QUESTIONS: readonly Question[] = [
  {
    id: 'app.statefulness',
    section: 'Workload',
    prompt: 'Does the application keep state of its own?',
    help:
      'Stateful tiers hold data that must be brought back after a disaster, so they need point-in-time ' +
      'copies as well as a way to run elsewhere. Stateless tiers can simply be redeployed or scaled out ' +
      'behind a load balancer. If any tier writes data that matters (a database, uploaded files, a queue), answer stateful.',
    unknownAllowed: true,
    type: 'choice',
    choices: [
      { value: 'stateful', label: 'Stateful', hint: 'Holds data that must survive' },
      { value: 'stateless', label: 'Stateless', hint: 'Can be rebuilt from code and configuration' },
    ],
  },
  {
    id: 'app.criticality',
    section: 'Workload',
    prompt: 'How critical is the application to the business?',
    help:
      'Criticality decides which protection policy the application starts from. Ask what stops when it is ' +
      'down: revenue, safety or legal duties point to mission-critical; internal convenience to standard or deferrable.',
    unknownAllowed: true,
    type: 'choice',
    choices: [
      { value: 'mission-critical', label: 'Mission-critical' },
      { value: 'business-critical', label: 'Business-critical' },
      { value: 'standard', label: 'Standard' },
      { value: 'deferrable', label: 'Deferrable' },
    ],
  },
  {
    id: 'app.owner',
    section: 'Workload',
    prompt: 'Who owns the application on the business side?',
    help:
      'The owner agrees the recovery targets and signs off the assessment. A name and a role is enough; ' +
      'a team mailbox is not an owner.',
    unknownAllowed: true,
    type: 'text',
    maxLength: 120,
    placeholder: 'Name, role',
  },
  {
    id: 'app.hostingSystem',
    section: 'Workload',
    prompt: 'Which Azure Stack Hub system runs it today?',
    help:
      'Recovery options depend on where the application runs now and on whether another system exists ' +
      'somewhere a single disaster cannot reach.',
    unknownAllowed: true,
    type: 'system-reference',
  },
  {
    id: 'app.mayRunInAzure',
    section: 'Workload',
    prompt: 'May the application run in public Azure, even temporarily?',
    help:
      'If yes, Azure Site Recovery and Azure Backup become recovery options. Data residency, licensing ' +
      'and a disconnected deployment are the usual reasons for no.',
    unknownAllowed: true,
    type: 'yes-no',
  },
];

const byId = new Map(QUESTIONS.map((q) => [q.id, q]));

export function findQuestion(id: string): Question | undefined {
  return byId.get(id);
}

/** The schema an answered value must satisfy for this question, shared by UI and store. */
export function answerValueSchema(question: Question): z.ZodType {
  switch (question.type) {
    case 'choice':
      return z.enum(question.choices.map((c) => c.value) as [string, ...string[]], {
        error: `Choose one of: ${question.choices.map((c) => c.label).join(', ')}`,
      });
    case 'yes-no':
      return z.boolean({ error: 'Answer yes or no' });
    case 'text':
      return z
        .string()
        .trim()
        .min(1, 'Type an answer, or mark it unknown')
        .max(question.maxLength, `At most ${question.maxLength} characters`);
    case 'system-reference':
      return z.string().min(1, 'Choose a system');
  }
}
