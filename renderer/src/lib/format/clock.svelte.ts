/** The time now, updated every half minute, so "just now" ages into "5 minutes ago" on screen. */
class Clock {
  now = $state(Date.now());

  constructor() {
    setInterval(() => (this.now = Date.now()), 30_000);
  }
}

export const clock = new Clock();
