import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Verification } from '../../../shared/api/signoffContract';
import { CwbError } from '../errors';
import { EngagementStore } from '../store/engagementStore';

/**
 * Verifies a signed engagement file without changing a byte of it. A file saved by an older
 * version of the app is upgraded as a private copy in a temporary folder and that copy is
 * checked: whoever verifies a signed record (an auditor, the customer) must not have to alter it
 * first, and an upgrade only adds to the format, so the signed data reads the same.
 */
export function verifyEngagementFile(path: string): Verification {
  try {
    return EngagementStore.read(path, (store) => store.verifySignoff());
  } catch (error) {
    if (!(error instanceof CwbError) || error.code !== 'OLDER_SCHEMA') throw error;
  }
  const folder = mkdtempSync(join(tmpdir(), 'cwb-verify-'));
  try {
    const copy = join(folder, basename(path));
    copyFileSync(path, copy);
    EngagementStore.open(copy, 'verification').close();
    const verification = EngagementStore.read(copy, (store) => store.verifySignoff());
    return {
      ...verification,
      checked: `${verification.checked.replaceAll(copy, path)}; the file is in an older format, so an upgraded copy of it was checked and the file itself was left as it is`,
      problems: verification.problems.map((problem) => ({ ...problem, message: problem.message.replaceAll(copy, path) })),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
