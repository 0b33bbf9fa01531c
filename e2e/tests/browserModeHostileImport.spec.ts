import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HOSTILE_INVENTORIES } from '../../electron/core/import/hostileFiles';
import { expect, test } from '../support/fixtures';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const GIGABYTE = 1024 ** 3;

/** The most memory the process has held so far (Linux keeps it as VmHWM). */
function peakRssBytes(pid: number): number {
  const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kilobytes) * 1024;
}

test('a failing import never takes browser mode down: each hostile inventory is refused over the HTTP API, the engagement unchanged, the server under 1 GB', async ({
  app,
  workspace,
  playwright,
}) => {
  test.setTimeout(900_000);
  const server = app.server!;
  const api = await playwright.request.newContext({ baseURL: server.origin, extraHTTPHeaders: { 'x-cwb-token': server.token } });
  const call = async (method: string, data: unknown) => (await (await api.post(`/api/${method}`, { data, timeout: 300_000 })).json()) as { result?: unknown; error?: { message: string } };
  const engagement = join(workspace.engagementDir, 'acme.cwb');
  expect((await call('engagement.create', { path: engagement, customer: 'Acme', title: 'DR' })).error).toBeUndefined();

  for (const hostile of HOSTILE_INVENTORIES) {
    const path = hostile.make(workspace.dir);
    const before = sha256(engagement);
    for (const method of ['import.inspect', 'import.preview', 'import.apply']) {
      const reply = await call(method, { path });
      if (hostile.message === null || (hostile.soundHead && method === 'import.inspect')) expect(reply.error, `${hostile.title}, ${method}`).toBeUndefined();
      else expect(reply.error?.message, `${hostile.title}, ${method}`).toMatch(hostile.message);
      // Still there, and still answering.
      expect((await call('app.info', {})).result).toMatchObject({ host: 'browser' });
    }
    if (hostile.message !== null) expect(sha256(engagement), hostile.title).toBe(before);
    if (path.startsWith(workspace.dir)) rmSync(path);
  }
  const peak = peakRssBytes(server.process.pid!);
  console.log(`browser-mode server: peak RSS ${Math.round(peak / 1024 ** 2)} MB over every hostile import`);
  expect(peak).toBeLessThan(GIGABYTE);
  await api.dispose();
});
