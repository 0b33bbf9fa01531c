import { renameSync, rmSync } from 'node:fs';
import type { AnswerState } from '../../shared/domain/engagement';
import { EngagementStore } from './store/engagementStore';

export const DEMO_FILE_NAME = 'Demo - Fabrikam Regional Health.cwb';

/** Who the demo's answers are attributed to, so nobody mistakes them for a real interview. */
const DEMO_ACTOR = 'demo data';

type DemoAnswer = string | boolean | { unknown: string; by?: string } | undefined;

interface DemoApplication {
  name: string;
  statefulness: DemoAnswer;
  criticality: DemoAnswer;
  owner: DemoAnswer;
  /** Key into the demo's systems, or unknown. */
  hostingSystem: 'rtm' | 'ehv' | { unknown: string } | undefined;
  mayRunInAzure: DemoAnswer;
  note?: string;
}

/**
 * A hospital group with a main and a secondary datacenter: enough variety (stateful and
 * stateless, connected and disconnected systems, open questions) to try every screen on.
 */
const APPLICATIONS: DemoApplication[] = [
  { name: 'Patient Records (EPR)', statefulness: 'stateful', criticality: 'mission-critical', owner: 'Dr. Ines Vermeulen, CMIO', hostingSystem: 'rtm', mayRunInAzure: false, note: 'Data must stay in the country; no public cloud.' },
  { name: 'Lab Results Portal', statefulness: 'stateful', criticality: 'mission-critical', owner: 'Marc Janssens, Lab IT lead', hostingSystem: 'rtm', mayRunInAzure: { unknown: 'Privacy officer', by: '2026-12-05' } },
  { name: 'Appointment Booking Web', statefulness: 'stateless', criticality: 'business-critical', owner: 'Sara de Wit, Patient Services', hostingSystem: 'rtm', mayRunInAzure: true },
  { name: 'Radiology PACS Archive', statefulness: 'stateful', criticality: 'business-critical', owner: 'Tom Peeters, Radiology IT', hostingSystem: 'rtm', mayRunInAzure: false, note: '38 TB of images; grows 4 TB a year.' },
  { name: 'Pharmacy Dispensing', statefulness: 'stateful', criticality: 'mission-critical', owner: { unknown: 'Head of Pharmacy' }, hostingSystem: 'rtm', mayRunInAzure: false },
  { name: 'Staff Rostering', statefulness: 'stateful', criticality: 'standard', owner: 'Anja Smit, HR systems', hostingSystem: 'ehv', mayRunInAzure: true },
  { name: 'Intranet', statefulness: 'stateless', criticality: 'deferrable', owner: 'Communications team lead', hostingSystem: 'ehv', mayRunInAzure: true },
  { name: 'Finance ERP', statefulness: 'stateful', criticality: 'business-critical', owner: 'Koen Bakker, Finance director', hostingSystem: 'rtm', mayRunInAzure: { unknown: 'Koen Bakker', by: '2026-12-10' } },
  { name: 'Integration Engine (HL7)', statefulness: { unknown: 'Integration architect' }, criticality: 'mission-critical', owner: 'Rik Mulder, Integration', hostingSystem: 'rtm', mayRunInAzure: false },
  { name: 'Document Scanning', statefulness: 'stateful', criticality: 'standard', owner: 'Records office', hostingSystem: { unknown: 'Infrastructure team' }, mayRunInAzure: undefined },
  { name: 'Print Services', statefulness: 'stateless', criticality: 'deferrable', owner: undefined, hostingSystem: 'ehv', mayRunInAzure: true },
  { name: 'Telemetry Dashboards', statefulness: undefined, criticality: undefined, owner: undefined, hostingSystem: undefined, mayRunInAzure: undefined },
];

function toState(answer: DemoAnswer | { unknown: string }, systems?: Record<string, string>): AnswerState | undefined {
  if (answer === undefined) return undefined;
  if (typeof answer === 'object') return { status: 'unknown', followUpWith: answer.unknown, followUpBy: 'by' in answer ? (answer.by ?? '') : '' };
  if (systems && typeof answer === 'string') return { status: 'answered', value: systems[answer] };
  return { status: 'answered', value: answer };
}

/** Writes the demo engagement to `path` in one go: built under a temporary name, then renamed. */
export function buildDemoEngagement(path: string, actor: string): EngagementStore {
  const temporary = `${path}.building-${process.pid}`;
  rmSync(temporary, { force: true });
  try {
    const store = EngagementStore.create(temporary, { customer: 'Fabrikam Regional Health', title: 'BC/DR assessment — Azure Stack Hub workloads' }, DEMO_ACTOR);
    try {
      store.updateDetails({
        consultants: 'Alex Morgan, Priya Raman',
        workshopDates: '2026-11-30 to 2026-12-02',
        scopeNotes: 'All IaaS workloads on the two Azure Stack Hub systems in Rotterdam and Eindhoven. Out of scope: medical devices, SaaS.',
      });
      const rotterdam = store.addSite({ name: 'Rotterdam DC1', location: 'Rotterdam, NL', datacenterTier: 'tier-3', utilityFeeds: 2 });
      const eindhoven = store.addSite({ name: 'Eindhoven DC2', location: 'Eindhoven, NL (110 km from DC1)', datacenterTier: 'tier-2', utilityFeeds: 1 });
      const rtm = store.addSystem({ name: 'ash-rtm-01', siteId: rotterdam.id, region: 'nl-west', nodeCount: 8, identityModel: 'connected', state: 'operational', role: 'primary', publicAzureAllowed: true });
      const ehv = store.addSystem({ name: 'ash-ehv-01', siteId: eindhoven.id, region: 'nl-south', nodeCount: 4, identityModel: 'connected', state: 'operational', role: 'secondary', publicAzureAllowed: true });
      store.addSystem({ name: 'ash-rtm-02', siteId: rotterdam.id, region: 'nl-west', nodeCount: 4, identityModel: 'disconnected', state: 'planned', role: 'secondary', publicAzureAllowed: false });
      const systems = { rtm: rtm.id, ehv: ehv.id };
      for (const demo of APPLICATIONS) {
        const app = store.addApplication(demo.name);
        const answers: [string, AnswerState | undefined][] = [
          ['app.statefulness', toState(demo.statefulness)],
          ['app.criticality', toState(demo.criticality)],
          ['app.owner', toState(demo.owner)],
          ['app.hostingSystem', toState(demo.hostingSystem, systems)],
          ['app.mayRunInAzure', toState(demo.mayRunInAzure)],
        ];
        for (const [questionId, state] of answers) {
          if (state) store.setAnswer(app.id, questionId, state, questionId === 'app.mayRunInAzure' ? demo.note : undefined);
        }
      }
    } finally {
      store.close();
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return EngagementStore.open(path, actor);
}
