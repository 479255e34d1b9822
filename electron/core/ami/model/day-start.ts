// "Today" for the wallboard: from local midnight, in the time zone of the machine the core runs on
// (the same zone the renderer shows, ARCHITECTURE 6).

/** µs UTC of the local midnight that starts the day holding `nowUs`. */
export function localDayStartUs(nowUs: number): number {
  const d = new Date(Math.floor(nowUs / 1000));
  d.setHours(0, 0, 0, 0);
  return d.getTime() * 1000;
}
