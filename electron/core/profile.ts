import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Profile, ProfileInput } from '../../shared/api/profileContract';
import { readLogoInput, storedLogo } from './images';
import { writeFileAtomically } from './interchange';

export const PROFILE_FILE = 'profile.json';

/** As kept on disk: the logo as base64 bytes, checked again each time it is read. */
const Stored = z.object({
  name: z.string().min(1).max(120),
  organisation: z.string().max(120),
  initials: z.string().max(4).default(''),
  consultancy: z.string().max(120).default(''),
  consultancyLogo: z.string().max(1_000_000).nullable().default(null),
});
type Stored = z.infer<typeof Stored>;

function fromStored(stored: Stored): Profile {
  return {
    name: stored.name,
    organisation: stored.organisation,
    initials: stored.initials,
    consultancy: stored.consultancy,
    consultancyLogo: storedLogo(stored.consultancyLogo === null ? null : Buffer.from(stored.consultancyLogo, 'base64')),
  };
}

/** The consultant's profile, one small JSON file in the app's data folder (CWB_DATA_DIR). */
export class ProfileStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, PROFILE_FILE);
  }

  private stored(): Stored | null {
    try {
      const parsed = Stored.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      // A missing or damaged profile is asked for again; it never stops the app.
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  read(): Profile | null {
    const stored = this.stored();
    return stored ? fromStored(stored) : null;
  }

  /** Input already checked by the contract's schema; the logo's bytes are checked here. */
  save(input: z.output<typeof ProfileInput>): Profile {
    const previous = this.stored();
    let logo = previous?.consultancyLogo ?? null;
    if (input.consultancyLogo === null) logo = null;
    else if (input.consultancyLogo !== undefined) {
      logo = readLogoInput(input.consultancyLogo).bytes.toString('base64');
    }
    const next: Stored = { name: input.name, organisation: input.organisation, initials: input.initials, consultancy: input.consultancy, consultancyLogo: logo };
    writeFileAtomically(this.file, `${JSON.stringify(next, null, 2)}\n`);
    return fromStored(next);
  }
}
