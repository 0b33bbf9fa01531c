/**
 * Typical applications that pre-fill answers for the consultant to confirm: declarative data,
 * answer values by question id. Values are checked by the store like any typed answer.
 */
export interface Archetype {
  id: string;
  name: string;
  description: string;
  answers: Record<string, unknown>;
  components: { name: string; answers: Record<string, unknown> }[];
}

const DAY = 24 * 60;

export const ARCHETYPES: readonly Archetype[] = [
  {
    id: 'stateless-web-farm',
    name: 'Stateless web farm',
    description: 'Several identical web servers behind a load balancer; nothing to restore, everything to redeploy.',
    answers: {
      'app.statefulness': 'stateless',
      'app.backup.exists': false,
      'app.replication.technology': 'none',
      'app.activeActive': false,
    },
    components: [
      {
        name: 'Web front end',
        answers: {
          'component.role': 'web',
          'component.statefulness': 'stateless',
          'component.instances': 3,
          'component.availabilitySet': true,
          'component.loadBalancer': 'azure-stack-lb',
        },
      },
    ],
  },
  {
    id: 'sql-server-availability-group',
    name: 'SQL Server with availability group',
    description: 'Application servers in front of a SQL Server availability group, backed up by SQL Server itself.',
    answers: {
      'app.statefulness': 'stateful',
      'app.backup.exists': true,
      'app.backup.product': 'SQL Server native backup',
      'app.backup.inGuest': true,
      'app.backup.applicationAware': true,
      'app.backup.frequency': 60,
      'app.backup.retention': 30 * DAY,
      'app.backup.copyLocation': ['same-site'],
      'app.replication.technology': 'application',
      'app.replication.mode': 'asynchronous',
      'app.activeActive': false,
    },
    components: [
      {
        name: 'Application servers',
        answers: {
          'component.role': 'application',
          'component.statefulness': 'stateless',
          'component.instances': 2,
          'component.availabilitySet': true,
          'component.loadBalancer': 'azure-stack-lb',
        },
      },
      {
        name: 'SQL Server',
        answers: {
          'component.role': 'database',
          'component.statefulness': 'stateful',
          'component.instances': 2,
          'component.availabilitySet': true,
          'component.loadBalancer': 'application',
          'component.dataSources': ['application', 'os-state'],
          'component.protection.application': ['application-backup'],
          'component.protection.os-state': ['in-guest-backup'],
        },
      },
    ],
  },
  {
    id: 'file-server',
    name: 'File server',
    description: 'A single Windows file server with an in-guest backup agent.',
    answers: {
      'app.statefulness': 'stateful',
      'app.backup.exists': true,
      'app.backup.inGuest': true,
      'app.backup.applicationAware': false,
      'app.backup.frequency': DAY,
      'app.backup.retention': 14 * DAY,
      'app.backup.copyLocation': ['same-system'],
      'app.replication.technology': 'none',
      'app.activeActive': false,
    },
    components: [
      {
        name: 'File server',
        answers: {
          'component.role': 'file',
          'component.statefulness': 'stateful',
          'component.instances': 1,
          'component.availabilitySet': false,
          'component.loadBalancer': 'none',
          'component.dataSources': ['file-folder', 'os-state'],
          'component.protection.file-folder': ['in-guest-backup'],
          'component.protection.os-state': ['in-guest-backup'],
        },
      },
    ],
  },
];

export function findArchetype(id: string): Archetype | undefined {
  return ARCHETYPES.find((archetype) => archetype.id === id);
}
