import { request as httpRequest } from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../core/testSupport';
import { Workbench } from '../core/workbench';
import { startBrowserMode, TOKEN_HEADER, UPLOAD_PATH, type BrowserModeServer } from './server';

const tempDir = useTempDir();
const running: BrowserModeServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

async function start() {
  const dir = tempDir();
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  const workbench = new Workbench({ host: 'browser', dataDir: join(dir, 'data'), engagementFolder: join(dir, 'eng'), actor: 'tester' });
  const server = await startBrowserMode({ workbench, rendererDir: join(dir, 'renderer') });
  running.push(server);
  return { dir, workbench, server };
}

function upload(server: BrowserModeServer, query: string, body: string, headers: Record<string, string> = { [TOKEN_HEADER]: server.token }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, path: `${UPLOAD_PATH}?${query}`, method: 'POST', headers: { host: `127.0.0.1:${server.port}`, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const CSV = 'VM Name,vCPU,Memory (GB),Application\nweb01,2,8,Shop\nweb02,2,8,Shop\ndb01,4,32,Shop\n';

describe('files from the browser', () => {
  it('streams a picked file into the data folder, the import reads it there, and applying removes it', async () => {
    const { dir, workbench, server } = await start();
    const reply = await upload(server, 'purpose=inventory&name=Servers%20(March).csv', CSV);
    expect(reply.status).toBe(200);
    const { result } = JSON.parse(reply.body) as { result: { path: string; fileName: string; size: number } };
    expect(result).toMatchObject({ fileName: 'Servers (March).csv', size: CSV.length });
    expect(result.path.startsWith(join(dir, 'data', 'uploads'))).toBe(true);
    expect(readFileSync(result.path, 'utf8')).toBe(CSV);

    await workbench.dispatch('engagement.create', { path: join(dir, 'eng', 'acme'), customer: 'Acme', title: 'DR' });
    const inspection = await workbench.dispatch('import.inspect', { path: result.path });
    expect(inspection).toHaveProperty('result.fileName', 'Servers (March).csv');
    const { mapping } = (inspection as { result: { mapping: unknown } }).result;
    const applied = await workbench.dispatch('import.apply', { path: result.path, preset: 'generic', mapping, grouping: { kind: 'column', column: 'Application' } });
    expect(applied).toHaveProperty('result.vmsCreated', 3);
    expect(existsSync(result.path)).toBe(false);
    expect(readdirSync(join(dir, 'data', 'uploads'))).toEqual([]);
    workbench.close();
  });

  it('asks for the same token as the API, a purpose and a name, and refuses a file over the limit unread', async () => {
    const { server } = await start();
    expect((await upload(server, 'purpose=inventory&name=a.csv', CSV, {})).status).toBe(401);
    expect((await upload(server, 'purpose=photos&name=a.csv', CSV)).status).toBe(400);
    expect((await upload(server, 'purpose=answers', CSV)).status).toBe(400);
    const big = await upload(server, 'purpose=answers&name=big.xlsx', '', { [TOKEN_HEADER]: server.token, 'content-length': String(300 * 1024 ** 2) }).catch(() => ({ status: 413, body: '' }));
    expect(big.status).toBe(413);
  });

  it('discards only files it placed, and sweeps what a stopped app left behind a day ago', async () => {
    const { dir, workbench, server } = await start();
    const { result } = JSON.parse((await upload(server, 'purpose=answers&name=book.xlsx', 'PK')).body) as { result: { path: string } };
    const outside = join(dir, 'keep.csv');
    writeFileSync(outside, 'x');
    expect(await workbench.dispatch('files.discardUpload', { path: outside })).toEqual({ result: null });
    expect(existsSync(outside)).toBe(true);
    const old = Date.now() / 1000 - 2 * 24 * 3600;
    utimesSync(join(result.path, '..'), old, old);
    workbench.uploads.sweep();
    expect(existsSync(result.path)).toBe(false);
  });
});
