import type { AttachmentMeta } from '../domain/attachment';
import type { Application } from '../domain/engagement';
import { findQuestion } from '../questions/catalogue';

/** Where an attachment belongs, by name: its application, component and question (null where it has none). */
export function attachmentPlace(meta: AttachmentMeta, applications: readonly Pick<Application, 'id' | 'name' | 'components'>[]) {
  const app = applications.find((candidate) => candidate.id === meta.applicationId);
  const component = app?.components.find((candidate) => candidate.id === meta.componentId);
  return {
    application: app?.name ?? null,
    component: component?.name ?? null,
    question: meta.questionId ? (findQuestion(meta.questionId)?.prompt ?? meta.questionId) : null,
  };
}
