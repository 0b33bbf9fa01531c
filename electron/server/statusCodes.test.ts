import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngagementView } from '../../shared/domain/engagement';
import { ERROR_CODES } from '../../shared/api/contract';
import { HTTP_STATUS } from '../core/errors';
import { useTempDir } from '../core/testSupport';
import { Workbench } from '../core/workbench';
import { buildDemoEngagement } from '../core/demo';
import { MAX_BODY_BYTES, startBrowserMode, TOKEN_HEADER, type BrowserModeServer } from './server';

/**
 * Browser mode answers with a status that means something (400 malformed or invalid, 404
 * unknown, 409 conflicts with the engagement's state, 413 too large, 422 a file that is not a
 * sound engagement), with the same JSON error body as before; and an unknown id is NOT_FOUND
 * whatever the method. Every refusal leaves the engagement file byte-identical.
 */

const tempDir = useTempDir();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const running: { server: BrowserModeServer; workbench: Workbench }[] = [];
afterEach(async () => {
  for (const { server, workbench } of running.splice(0)) {
    await server.close();
    workbench.close();
  }
});

/** The demo engagement open in a real browser-mode server. */
async function serveDemo() {
  const dir = tempDir();
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>stand-in</title>');
  const path = join(dir, 'demo.cwb');
  buildDemoEngagement(path, 'tester').close();
  const workbench = new Workbench({ host: 'browser', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'tester' });
  const server = await startBrowserMode({ workbench, rendererDir: renderer });
  running.push({ server, workbench });
  const view = (await post(server, 'engagement.open', { path })).body.result as EngagementView;
  return { dir, path, server, workbench, view };
}

interface Reply {
  status: number;
  body: { result?: unknown; error?: { code: string; message: string } };
  text: string;
}

function raw(server: BrowserModeServer, path: string, body: Buffer | string, method = 'POST'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port: server.port, path, method, headers: { host: `127.0.0.1:${server.port}`, [TOKEN_HEADER]: server.token } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function post(server: BrowserModeServer, method: string, input: unknown): Promise<Reply> {
  const { status, text } = await raw(server, `/api/${method}`, JSON.stringify(input));
  return { status, body: JSON.parse(text) as Reply['body'], text };
}

const UNKNOWN = 'no-such-id';

describe('HTTP status codes of browser mode', () => {
  it('gives every error code a status', () => {
    for (const code of ERROR_CODES) expect(HTTP_STATUS[code], code).toBeGreaterThanOrEqual(400);
  });

  it('an unknown id is 404 NOT_FOUND for every method that takes one, and nothing changes', async () => {
    const { path, server, view } = await serveDemo();
    const app = view.applications.find((candidate) => candidate.components.length > 0)!;
    const component = app.components[0]!;
    const site = view.sites[0]!;
    const system = view.systems[0]!;
    const policy = view.policies[0]!;
    const vm = view.vms[0]!;
    const withoutId = <T extends { id: string }>(record: T): Omit<T, 'id'> => Object.fromEntries(Object.entries(record).filter(([key]) => key !== 'id')) as Omit<T, 'id'>;
    const [siteFields, systemFields, policyFields, vmFields] = [withoutId(site), withoutId(system), withoutId(policy), withoutId(vm)];
    const target = (extra: object) => ({ applicationId: app.id, questionId: 'app.owner', ...extra });
    const calls: [string, unknown, RegExp][] = [
      ['site.save', { ...siteFields, id: UNKNOWN }, /No site with id no-such-id/],
      ['site.delete', { id: UNKNOWN }, /No site with id no-such-id/],
      ['siteDistance.set', { siteAId: site.id, siteBId: UNKNOWN, km: 10 }, /No site with id no-such-id/],
      ['system.save', { ...systemFields, id: UNKNOWN }, /No Azure Stack Hub system with id no-such-id/],
      ['system.save', { ...systemFields, name: 'A new system', siteId: UNKNOWN }, /No site with id no-such-id/],
      ['system.delete', { id: UNKNOWN }, /No Azure Stack Hub system with id no-such-id/],
      ['policy.save', { ...policyFields, id: UNKNOWN }, /No protection policy with id no-such-id/],
      ['policy.delete', { id: UNKNOWN }, /No protection policy with id no-such-id/],
      ['vm.save', { ...vmFields, id: UNKNOWN }, /No VM with id no-such-id/],
      ['vm.save', { ...vmFields, name: 'new-vm', applicationId: UNKNOWN }, /No application with id no-such-id/],
      ['vm.delete', { id: UNKNOWN }, /No VM with id no-such-id/],
      ['application.add', { name: 'From an archetype', archetypeId: UNKNOWN }, /No archetype "no-such-id"/],
      ['application.rename', { id: UNKNOWN, name: 'Renamed' }, /No application with id no-such-id/],
      ['application.assignPolicy', { policyId: UNKNOWN, applicationIds: [app.id] }, /No protection policy with id no-such-id/],
      ['application.assignPolicy', { policyId: policy.id, applicationIds: [UNKNOWN] }, /No application with id no-such-id/],
      ['application.copyAnswers', { fromApplicationId: UNKNOWN, toApplicationIds: [app.id] }, /No application with id no-such-id/],
      ['application.copyAnswers', { fromApplicationId: app.id, toApplicationIds: [UNKNOWN] }, /No application with id no-such-id/],
      ['component.add', { applicationId: UNKNOWN, name: 'Cache' }, /No application with id no-such-id/],
      ['component.rename', { applicationId: app.id, componentId: UNKNOWN, name: 'Cache' }, /No component with id no-such-id/],
      ['component.remove', { applicationId: app.id, componentId: UNKNOWN }, /No component with id no-such-id/],
      ['answer.set', target({ applicationId: UNKNOWN, state: { status: 'answered', value: 'Dana' } }), /No application with id no-such-id/],
      ['answer.set', target({ questionId: UNKNOWN, state: { status: 'answered', value: 'Dana' } }), /No question "no-such-id"/],
      ['answer.set', { applicationId: app.id, componentId: UNKNOWN, questionId: 'component.instances', state: { status: 'answered', value: 2 } }, /No component with id no-such-id/],
      ['answer.clear', target({ applicationId: UNKNOWN }), /No application with id no-such-id/],
      ['answer.clear', { applicationId: app.id, componentId: UNKNOWN, questionId: 'component.instances' }, /No component with id no-such-id/],
      ['answer.clear', target({ questionId: UNKNOWN }), /No question "no-such-id"/],
      ['answers.importUndo', { importId: UNKNOWN }, /No answer import with id no-such-id/],
      ['import.undo', { importId: UNKNOWN }, /No import with id no-such-id/],
      ['history.compare', { from: { kind: 'snapshot', id: UNKNOWN }, to: { kind: 'current' } }, /No snapshot "no-such-id"/],
      ['history.compare', { from: { kind: 'signoff', id: 999 }, to: { kind: 'current' } }, /No sign-off 999/],
      ['snapshots.restore', { id: UNKNOWN }, /No snapshot "no-such-id"/],
    ];
    const before = sha256(path);
    for (const [method, input, message] of calls) {
      const reply = await post(server, method, input);
      expect(reply.status, `${method} ${JSON.stringify(input)}`).toBe(404);
      expect(reply.body.error, method).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(message) });
    }
    expect(sha256(path)).toBe(before);
    // component.instances on the component itself is fine: the unknown id, not the method, was refused.
    expect((await post(server, 'answer.clear', { applicationId: app.id, componentId: component.id, questionId: 'component.instances' })).status).toBe(200);
  });

  it('validation is 400, conflicts are 409, a file that is no engagement 422, size 413; the error body stays the envelope', async () => {
    const { dir, path, server, view } = await serveDemo();
    const before = sha256(path);
    const invalid = await post(server, 'application.add', { name: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ error: { code: 'VALIDATION', message: expect.stringMatching(/Application name is required/), details: expect.anything() } });
    const duplicate = await post(server, 'application.add', { name: view.applications[0]!.name });
    expect(duplicate).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_EXISTS' } } });
    expect((await raw(server, '/api/app.info', 'x'.repeat(MAX_BODY_BYTES + 10))).status).toBe(413);
    const notAnEngagement = join(dir, 'notes.cwb');
    writeFileSync(notAnEngagement, 'meeting notes');
    expect(await post(server, 'engagement.open', { path: notAnEngagement })).toMatchObject({ status: 422, body: { error: { code: 'NOT_SQLITE' } } });
    expect(sha256(path)).toBe(before);

    const signed = await post(server, 'signoff.sign', { name: 'Dana', role: 'CIO', organisation: 'Contoso' });
    expect(signed.status).toBe(200);
    const afterSigning = sha256(path);
    expect(await post(server, 'application.add', { name: 'After sign-off' })).toMatchObject({ status: 409, body: { error: { code: 'SIGNED_OFF' } } });
    expect(sha256(path)).toBe(afterSigning);

    expect((await post(server, 'engagement.close', {})).status).toBe(200);
    expect(await post(server, 'application.add', { name: 'Nothing open' })).toMatchObject({ status: 409, body: { error: { code: 'NO_ENGAGEMENT_OPEN' } } });
  });

  it('a file open elsewhere is 409 READ_ONLY', async () => {
    const { path, server } = await serveDemo();
    const elsewhere = new Workbench({ host: 'cli', dataDir: join(tempDir(), 'data'), engagementFolder: tempDir(), actor: 'other' });
    // This process already has it open for writing, so the second workbench gets it read-only, as another window would.
    const other = await elsewhere.dispatch('engagement.open', { path });
    expect('result' in other && (other.result as EngagementView).access.readOnly).toBe(true);
    const before = sha256(path);
    await server.close();
    const readOnly = await startBrowserMode({ workbench: elsewhere, rendererDir: tempDir() });
    running.push({ server: readOnly, workbench: elsewhere });
    expect(await post(readOnly, 'application.add', { name: 'Second writer' })).toMatchObject({ status: 409, body: { error: { code: 'READ_ONLY' } } });
    expect(sha256(path)).toBe(before);
  });

  it('a malformed %-escape is 400, an unknown route 404, and bytes that are not UTF-8 are refused with 400 before anything is stored', async () => {
    const { path, server, view } = await serveDemo();
    const before = sha256(path);
    const malformed = await raw(server, '/api/answer.set%E0%A4%A', '{}');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text)).toEqual({ error: { code: 'VALIDATION', message: 'The request address has a malformed %-escape.' } });
    expect((await raw(server, '/%E0%A4%A', '', 'GET')).status).toBe(400);
    expect(await post(server, 'no.such.method', {})).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_METHOD' } } });
    expect((await raw(server, '/no/such/page.html', '', 'GET')).status).toBe(404);

    const json = Buffer.from(JSON.stringify({ applicationId: view.applications[0]!.id, questionId: 'app.owner', state: { status: 'answered', value: 'Dana XX' } }));
    const owner = json.indexOf('XX');
    json[owner] = 0xff;
    json[owner + 1] = 0xfe;
    const notUtf8 = await raw(server, '/api/answer.set', json);
    expect(notUtf8.status).toBe(400);
    expect(JSON.parse(notUtf8.text)).toEqual({ error: { code: 'VALIDATION', message: 'Request body is not valid UTF-8 text.' } });
    expect(sha256(path)).toBe(before);
    expect((await post(server, 'app.info', {})).status).toBe(200);
  });
});
