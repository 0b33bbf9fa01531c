import { request as httpRequest } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempDir } from '../core/testSupport';
import { Workbench } from '../core/workbench';
import { MAX_BODY_BYTES, startBrowserMode, TOKEN_HEADER, type BrowserModeServer } from './server';
import { TINY_PNG } from '../core/attachments/testFiles';

const tempDir = useTempDir();
const running: BrowserModeServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

async function start() {
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>test page</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  const workbench = new Workbench({ host: 'browser', dataDir: join(dir, 'data'), engagementFolder: join(dir, 'eng'), actor: 'tester' });
  const server = await startBrowserMode({ workbench, rendererDir });
  running.push(server);
  return server;
}

interface Reply {
  status: number;
  body: string;
}

function send(server: BrowserModeServer, options: { path: string; method?: string; headers?: Record<string, string>; body?: string; host?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path: options.path,
        method: options.method ?? 'POST',
        headers: { host: options.host ?? `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function get(server: BrowserModeServer, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method: 'GET', headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('attachments in browser mode', () => {
  it('serves one attachment only through a link asked for with the token, inert, with its checked type', async () => {
    const dir = tempDir();
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    const workbench = new Workbench({ host: 'browser', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'tester' });
    const server = await startBrowserMode({ workbench, rendererDir });
    running.push(server);
    await workbench.dispatch('engagement.create', { path: join(dir, 'e.cwb'), customer: 'Acme', title: 'DR' });
    const app = (await workbench.dispatch('application.add', { name: 'Payroll' })) as { result: { id: string } };
    const png = join(dir, 'shot.png');
    writeFileSync(png, TINY_PNG);
    const meta = (await workbench.dispatch('attachment.add', { applicationId: app.result.id, path: png })) as { result: { id: string } };

    const ask = (body: unknown, token = server.token) => send(server, { path: '/attachment-link', headers: { [TOKEN_HEADER]: token }, body: JSON.stringify(body) });
    expect((await ask({ id: meta.result.id, disposition: 'inline' }, 'wrong')).status).toBe(401);
    expect(JSON.parse((await ask({ id: 'nope', disposition: 'inline' })).body).error.code).toBe('NOT_FOUND');
    const { url } = JSON.parse((await ask({ id: meta.result.id, disposition: 'inline' })).body).result as { url: string };
    const shown = await get(server, `/${url}`);
    expect(shown.status).toBe(200);
    expect(shown.headers['content-type']).toBe('image/png');
    expect(shown.headers['content-disposition']).toBe(`inline; filename="shot.png"; filename*=UTF-8''shot.png`);
    expect(shown.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    expect(shown.headers['x-content-type-options']).toBe('nosniff');
    expect(shown.body.equals(TINY_PNG)).toBe(true);
    expect((await get(server, '/attachment/made-up')).status).toBe(404);

    const saved = JSON.parse((await ask({ id: meta.result.id, disposition: 'attachment' })).body).result as { url: string };
    const download = await get(server, `/${saved.url}`);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toMatch(/^attachment; /);
  });
});

describe('browser mode server', () => {
  it('answers an API call carrying the token with the result envelope', async () => {
    const server = await start();
    const reply = await send(server, { path: '/api/app.info', headers: { [TOKEN_HEADER]: server.token }, body: '{}' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).result.host).toBe('browser');
  });

  it('refuses API calls without the token, or with a wrong one, before routing', async () => {
    const server = await start();
    expect((await send(server, { path: '/api/app.info', body: '{}' })).status).toBe(401);
    expect((await send(server, { path: '/api/app.info', headers: { [TOKEN_HEADER]: 'guess' }, body: '{}' })).status).toBe(401);
    expect((await send(server, { path: '/api/no.such.method', body: '{}' })).status).toBe(401);
    expect((await send(server, { path: `/api/app.info?token=${server.token}`, body: '{}' })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) and a cross-origin page', async () => {
    const server = await start();
    const headers = { [TOKEN_HEADER]: server.token };
    expect((await send(server, { path: '/api/app.info', headers, body: '{}', host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await send(server, { path: '/', method: 'GET', host: 'evil.example' })).status).toBe(403);
    expect((await send(server, { path: '/api/app.info', headers: { ...headers, origin: 'http://evil.example' }, body: '{}' })).status).toBe(403);
    expect((await send(server, { path: '/api/app.info', headers: { ...headers, origin: `http://localhost:${server.port}` }, body: '{}' })).status).toBe(200);
    expect((await send(server, { path: '/api/app.info', headers, body: '{}', host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses an oversized body and invalid input with clear errors', async () => {
    const server = await start();
    const headers = { [TOKEN_HEADER]: server.token };
    expect((await send(server, { path: '/api/app.info', headers, body: 'x'.repeat(MAX_BODY_BYTES + 10) })).status).toBe(413);
    const invalid = await send(server, { path: '/api/engagement.create', headers, body: JSON.stringify({ path: '/tmp/x.cwb', customer: '', title: 'T' }) });
    expect(JSON.parse(invalid.body).error).toMatchObject({ code: 'VALIDATION' });
    expect(JSON.parse(invalid.body).error.message).toMatch(/^Customer is required\./);
  });

  it('serves the renderer without the token but never a file outside it', async () => {
    const server = await start();
    const index = await send(server, { path: '/', method: 'GET' });
    expect(index.status).toBe(200);
    expect(index.body).toContain('test page');
    expect((await send(server, { path: '/../secret.txt', method: 'GET' })).body).not.toContain('outside');
    expect((await send(server, { path: '/%2e%2e/secret.txt', method: 'GET' })).status).toBe(404);
  });

  it('listens on the loopback address only', async () => {
    const server = await start();
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('cannot be reached from another local address, such as 127.0.0.2', async () => {
    // Linux answers all of 127.0.0.0/8 on the loopback device: prove 127.0.0.2 is reachable at all first,
    // so that a refusal below means the server's binding and not a missing route.
    const probe = createServer((socket) => socket.end());
    await new Promise<void>((listening) => probe.listen(0, '127.0.0.2', () => listening()));
    const probePort = (probe.address() as { port: number }).port;
    const reach = (host: string, port: number) =>
      new Promise<string>((resolve) => {
        const socket = connect({ host, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
    try {
      expect(await reach('127.0.0.2', probePort)).toBe('connected');
    } finally {
      await new Promise<void>((closed) => probe.close(() => closed()));
    }
    const server = await start();
    expect(await reach('127.0.0.1', server.port)).toBe('connected');
    expect(await reach('127.0.0.2', server.port)).toBe('ECONNREFUSED');
  });

  it('writes nothing holding the token to the console or the process output while it runs', async () => {
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void capture(args.join(' ')))),
    ];
    try {
      const server = await start();
      const headers = { [TOKEN_HEADER]: server.token };
      await send(server, { path: `/?token=${server.token}`, method: 'GET' });
      await send(server, { path: '/api/app.info', headers, body: '{}' });
      await send(server, { path: '/api/engagement.open', headers, body: JSON.stringify({ path: `/nowhere/${server.token}.cwb` }) });
      await send(server, { path: '/api/app.info', headers, body: '{not json' });
      await send(server, { path: `/api/app.info?token=${server.token}`, body: '{}' });
      await send(server, { path: `/missing-${server.token}.js`, method: 'GET' });
      await send(server, { path: '/api/app.info', headers, body: '{}', host: `evil.example:${server.port}` });
      await server.close();
      running.splice(running.indexOf(server), 1);
      expect(written.filter((line) => line.includes(server.token))).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
