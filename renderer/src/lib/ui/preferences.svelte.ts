export type InterviewMode = 'form' | 'single';

const MODE_KEY = 'cwb.interviewMode';
const PROJECTOR_KEY = 'cwb.projector';
const RESULTS_KEY = 'cwb.results';
const PROJECTOR_CLASS = 'projector';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage switched off: the choice holds for this window only.
  }
}

/** How this consultant likes to work, remembered on this machine (not in the engagement file). */
class Preferences {
  interviewMode = $state<InterviewMode>(read(MODE_KEY) === 'single' ? 'single' : 'form');
  projector = $state(read(PROJECTOR_KEY) === 'on');
  /** The results panel beside the interview; shown unless the consultant hid it. */
  results = $state(read(RESULTS_KEY) !== 'off');

  constructor() {
    document.documentElement.classList.toggle(PROJECTOR_CLASS, this.projector);
  }

  setInterviewMode(mode: InterviewMode): void {
    this.interviewMode = mode;
    write(MODE_KEY, mode);
  }

  toggleInterviewMode(): void {
    this.setInterviewMode(this.interviewMode === 'form' ? 'single' : 'form');
  }

  toggleResults(): void {
    this.results = !this.results;
    write(RESULTS_KEY, this.results ? 'on' : 'off');
  }

  toggleProjector(): void {
    this.projector = !this.projector;
    write(PROJECTOR_KEY, this.projector ? 'on' : 'off');
    document.documentElement.classList.toggle(PROJECTOR_CLASS, this.projector);
  }
}

export const preferences = new Preferences();
