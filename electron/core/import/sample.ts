import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Fictional RVTools exports: the demo's sample inventory (Fabrikam, a made-up manufacturer) and
 * the large sheets the benchmark and tests read. Column order follows RVTools 4.x vInfo, with
 * the customer's custom attributes ("Application", "Owner") between Annotation and Datacenter.
 */

export const RVTOOLS_4_HEADERS = [
  'VM', 'Powerstate', 'Template', 'SRM Placeholder', 'Config status', 'DNS Name', 'Connection state', 'Guest state',
  'Heartbeat', 'Consolidation Needed', 'PowerOn', 'Suspended To Memory', 'Suspend time', 'Creation date', 'Change Version',
  'CPUs', 'Overall Cpu Readiness', 'Memory', 'Active Memory', 'NICs', 'Disks', 'Total disk capacity MiB', 'Primary IP Address',
  'Network #1', 'Network #2', 'Resource pool', 'Folder ID', 'Folder', 'vApp', 'Provisioned MiB', 'In Use MiB', 'Unshared MiB',
  'Annotation', 'Application', 'Owner', 'Datacenter', 'Cluster', 'Host', 'OS according to the configuration file',
  'OS according to the VMware Tools', 'VM ID', 'VM UUID', 'VI SDK Server type', 'VI SDK API Version', 'VI SDK Server',
];

/** Deterministic pseudo-random numbers, so the sample is the same file on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const APPLICATIONS = [
  ['ERP', 'Finance'], ['MES', 'Production IT'], ['PLM', 'Engineering'], ['CRM', 'Sales Operations'], ['HR', 'People Services'],
  ['Payroll', 'People Services'], ['Intranet', 'Communications'], ['FileShare', 'Infrastructure'], ['Print', 'Infrastructure'],
  ['BI', 'Finance'], ['EDI', 'Supply Chain'], ['WMS', 'Logistics'], ['QMS', 'Quality'], ['Mail Relay', 'Infrastructure'],
] as const;
const ROLES = ['WEB', 'APP', 'DB', 'BATCH'];
const OSES = [
  'Microsoft Windows Server 2019 (64-bit)', 'Microsoft Windows Server 2022 (64-bit)', 'Microsoft Windows Server 2016 (64-bit)',
  'Red Hat Enterprise Linux 8 (64-bit)', 'Ubuntu Linux (64-bit)', 'SUSE Linux Enterprise 15 (64-bit)',
];

export interface RvtoolsRowOptions {
  rows: number;
  seed?: number;
}

/** One vInfo row per VM, as RVTools writes it: sizes in MiB, booleans as "True"/"False" text. */
export function* rvtoolsRows({ rows, seed = 7 }: RvtoolsRowOptions): Generator<(string | number)[]> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  for (let i = 0; i < rows; i += 1) {
    const [application, owner] = APPLICATIONS[i % APPLICATIONS.length]!;
    const template = i % 97 === 96;
    const poweredOff = template || i % 23 === 11;
    const prefix = application.replace(/\s+/g, '').toUpperCase().slice(0, 6);
    const name = template ? `TPL-${pick(['W2019', 'W2022', 'RHEL8'])}-${String(i).padStart(5, '0')}` : `FAB-${prefix}-${pick(ROLES)}${String(i).padStart(5, '0')}`;
    const cpus = pick([1, 2, 2, 4, 4, 8, 16]);
    const memory = pick([2048, 4096, 8192, 8192, 16384, 32768, 65536]);
    const provisioned = Math.round((40 + next() * 900) * 1024);
    const os = pick(OSES);
    const site = i % 3 === 0 ? 'DC-Lyon' : 'DC-Villeurbanne';
    yield [
      name, poweredOff ? 'poweredOff' : 'poweredOn', template ? 'True' : 'False', 'False', 'green', `${name.toLowerCase()}.fabrikam.test`,
      'connected', poweredOff ? 'notRunning' : 'running', poweredOff ? 'gray' : 'green', 'False', poweredOff ? '' : '2026-03-02 06:14', 'False', '',
      '2021-05-17 10:22', '2026-03-02T06:14:11', cpus, '0.1', memory, Math.round(memory * 0.3), 1, pick([1, 2, 3]), provisioned,
      `10.${20 + (i % 3)}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`, `VLAN-${100 + (i % 12)}`, '', 'Resources', `group-v${1000 + (i % 40)}`,
      template ? 'Templates' : application, '', provisioned, Math.round(provisioned * (0.3 + next() * 0.6)), Math.round(provisioned * 0.4),
      template ? 'Golden image' : `${application} — managed by ${owner}`, template ? '' : application, template ? '' : owner,
      site, site === 'DC-Lyon' ? 'CL-LYON-01' : 'CL-VIL-01', `esx${String((i % 16) + 1).padStart(2, '0')}.${site.toLowerCase()}.fabrikam.test`, os, os,
      `vm-${10000 + i}`, `4210${String(i).padStart(4, '0')}-aaaa-bbbb-cccc-${String(i).padStart(12, '0')}`, 'VMware vCenter Server',
      '8.0.2.00300', 'vcenter.fabrikam.test',
    ];
  }
}

/** Writes an RVTools-style workbook with the streaming writer (100,000 rows fit in little memory). */
export async function writeRvtoolsWorkbook(path: string, options: RvtoolsRowOptions): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.writing-${process.pid}`;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temporary, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('vInfo');
  sheet.addRow(RVTOOLS_4_HEADERS).commit();
  for (const row of rvtoolsRows(options)) sheet.addRow(row).commit();
  sheet.commit();
  const summary = workbook.addWorksheet('vHost');
  summary.addRow(['Host', 'Datacenter', 'Cluster', '# CPU', '# Memory']).commit();
  for (let i = 1; i <= 16; i += 1) summary.addRow([`esx${String(i).padStart(2, '0')}.fabrikam.test`, 'DC-Lyon', 'CL-LYON-01', 2, 786432]).commit();
  summary.commit();
  await workbook.commit();
  renameSync(temporary, path);
}

export const SAMPLE_FILE_NAME = 'fabrikam-inventory.xlsx';
const SAMPLE_VMS = 180;

/** The sample inventory for the demo, written into the app's data folder the first time it is asked for. */
export async function samplePath(dataDir: string): Promise<string> {
  const path = join(dataDir, 'samples', SAMPLE_FILE_NAME);
  if (!existsSync(path)) await writeRvtoolsWorkbook(path, { rows: SAMPLE_VMS, seed: 2026 });
  return path;
}
