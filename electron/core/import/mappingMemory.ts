import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ImportGrouping, ImportMapping, ImportPreset } from '../../../shared/api/importContract';

const MAX_REMEMBERED = 50;

const Remembered = z.object({ preset: ImportPreset, mapping: ImportMapping, grouping: ImportGrouping });
export type RememberedMapping = z.infer<typeof Remembered>;
const Stored = z.record(z.string(), Remembered.extend({ savedAt: z.string() }));

/**
 * The mapping last chosen for each file shape (a hash of its header row), in a small JSON file
 * in the app's data folder, so next month's export of the same tool maps itself.
 */
export class MappingMemory {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'import-mappings.json');
  }

  private read(): z.infer<typeof Stored> {
    try {
      const parsed = Stored.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      // A damaged file only costs the remembered mappings: start afresh.
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  recall(key: string): RememberedMapping | null {
    const entry = this.read()[key];
    return entry ? { preset: entry.preset, mapping: entry.mapping, grouping: entry.grouping } : null;
  }

  remember(key: string, chosen: RememberedMapping): void {
    const entries = Object.entries({ ...this.read(), [key]: { ...chosen, savedAt: new Date().toISOString() } })
      .sort((a, b) => b[1].savedAt.localeCompare(a[1].savedAt))
      .slice(0, MAX_REMEMBERED);
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(entries), null, 2));
    renameSync(temporary, this.file);
  }
}
