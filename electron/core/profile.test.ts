import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileInput } from '../../shared/api/profileContract';
import { checkImage } from './images';
import { ProfileStore } from './profile';
import { accountName, resolveActor } from './settings';
import { useTempDir } from './testSupport';
import { Workbench } from './workbench';
import { tinyJpeg, tinyPng } from './testImages';

const tempDir = useTempDir();

describe('the consultant profile', () => {
  it('is absent on a first start, then kept in the data folder with its logo checked by its bytes', () => {
    const dir = tempDir();
    const profiles = new ProfileStore(join(dir, 'data'));
    expect(profiles.read()).toBeNull();
    const png = tinyPng(40, 20);
    const saved = profiles.save(ProfileInput.parse({ name: ' Ana Ruiz ', organisation: 'Contoso Advisory', consultancyLogo: { fileName: 'logo.png', base64: png.toString('base64') } }));
    expect(saved).toMatchObject({ name: 'Ana Ruiz', organisation: 'Contoso Advisory', initials: '', consultancy: '', consultancyLogo: { mediaType: 'image/png', width: 40, height: 20 } });
    expect(JSON.parse(readFileSync(join(dir, 'data', 'profile.json'), 'utf8'))).toMatchObject({ name: 'Ana Ruiz' });
    // Absent keeps the logo; null removes it.
    expect(profiles.save(ProfileInput.parse({ name: 'Ana Ruiz', organisation: 'Contoso Advisory', initials: 'AR' })).consultancyLogo).not.toBeNull();
    expect(profiles.save(ProfileInput.parse({ name: 'Ana Ruiz', organisation: 'Contoso Advisory', consultancyLogo: null })).consultancyLogo).toBeNull();
  });

  it('refuses a logo that is not a PNG or JPEG, whatever its name says, and changes nothing', () => {
    const profiles = new ProfileStore(join(tempDir(), 'data'));
    profiles.save(ProfileInput.parse({ name: 'Ana', organisation: 'Contoso' }));
    const fake = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(() => profiles.save(ProfileInput.parse({ name: 'Eve', organisation: 'X', consultancyLogo: { fileName: 'logo.png', base64: fake.toString('base64') } }))).toThrow(
      /logo\.png is not a complete PNG or JPEG image/,
    );
    expect(profiles.read()?.name).toBe('Ana');
  });

  it('treats a damaged profile file as no profile, so the app asks again rather than failing', () => {
    const dir = join(tempDir(), 'data');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'profile.json'), '{ not json');
    expect(new ProfileStore(dir).read()).toBeNull();
  });

  it('names who acted: the flag, then CWB_ACTOR, then the profile, then the account', () => {
    const dataDir = join(tempDir(), 'data');
    const env = { CWB_DATA_DIR: dataDir };
    expect(resolveActor(undefined, env)).toBe(accountName());
    new ProfileStore(dataDir).save(ProfileInput.parse({ name: 'Ana Ruiz', organisation: 'Contoso' }));
    expect(resolveActor(undefined, env)).toBe('Ana Ruiz');
    expect(resolveActor(undefined, { ...env, CWB_ACTOR: 'Script' })).toBe('Script');
    expect(resolveActor('Tom Berg', { ...env, CWB_ACTOR: 'Script' })).toBe('Tom Berg');
  });

  it('records answers under the profile name from the moment it is saved, in the engagement already open', async () => {
    const dir = tempDir();
    const wb = new Workbench({ host: 'browser', dataDir: join(dir, 'data'), engagementFolder: join(dir, 'eng') });
    expect(await wb.dispatch('profile.get', {})).toEqual({ result: null });
    await wb.dispatch('engagement.create', { path: join(dir, 'eng', 'acme'), customer: 'Acme', title: 'DR' });
    const app = (await wb.dispatch('application.add', { name: 'Billing' })) as { result: { id: string } };
    const target = { applicationId: app.result.id, questionId: 'app.statefulness' };
    expect(await wb.dispatch('answer.set', { ...target, state: { status: 'answered', value: 'stateful' } })).toHaveProperty('result.answeredBy', accountName());
    expect(await wb.dispatch('profile.save', { name: 'Ana Ruiz', organisation: 'Contoso' })).toHaveProperty('result.name', 'Ana Ruiz');
    expect(await wb.dispatch('answer.set', { ...target, state: { status: 'answered', value: 'stateless' } })).toHaveProperty('result.answeredBy', 'Ana Ruiz');
    const refused = await wb.dispatch('profile.save', { name: '', organisation: 'Contoso' });
    expect(refused).toEqual({ error: expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(/^Your name is required/) }) });
    wb.close();
  });
});

describe('logo checks', () => {
  it('reads the size of a PNG and a JPEG from their headers', () => {
    expect(checkImage(tinyPng(300, 120), 'a.png')).toEqual({ mediaType: 'image/png', width: 300, height: 120 });
    expect(checkImage(tinyJpeg(64, 32), 'a.jpg')).toEqual({ mediaType: 'image/jpeg', width: 64, height: 32 });
  });

  it('refuses a cut-off file, a huge one and absurd dimensions', () => {
    const png = tinyPng(10, 10);
    expect(() => checkImage(png.subarray(0, png.length - 4), 'cut.png')).toThrow(/not a complete PNG or JPEG/);
    expect(() => checkImage(Buffer.alloc(600 * 1024, 1), 'big.png')).toThrow(/at most 512 KB/);
    expect(() => checkImage(tinyPng(5000, 10), 'wide.png')).toThrow(/5000 × 10 pixels/);
    expect(() => checkImage(Buffer.alloc(0), 'empty.png')).toThrow(/is empty/);
  });
});
