import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { RecentFile } from '../../shared/api/contract';

const MAX_RECENT = 10;
const Stored = z.array(RecentFile.omit({ exists: true }));
type StoredRecent = z.infer<typeof Stored>[number];

/** The recent-files list, a small JSON file in the app's data folder. */
export class RecentFiles {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'recent-files.json');
  }

  private read(): StoredRecent[] {
    try {
      const parsed = Stored.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      // A damaged list only costs the shortcuts, never an engagement: start a new one.
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  list(): RecentFile[] {
    return this.read().map((entry) => ({ ...entry, exists: existsSync(entry.path) }));
  }

  remember(entry: Omit<StoredRecent, 'openedAt'>): void {
    const next = [{ ...entry, openedAt: new Date().toISOString() }, ...this.read().filter((r) => r.path !== entry.path)];
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(next.slice(0, MAX_RECENT), null, 2));
    renameSync(temporary, this.file);
  }
}
