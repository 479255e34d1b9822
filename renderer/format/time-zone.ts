// The zone every timestamp is rendered in, shown in the header (times are UTC inside the core).

/** "UTC+01:00 Europe/Berlin"; the offset is the one in force at `at`. */
export function timeZoneLabel(at: Date = new Date(), zone: string = localZoneName()): string {
  const offsetMin = -at.getTimezoneOffset();
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${sign}${hh}:${mm}${zone ? ` ${zone}` : ''}`;
}

function localZoneName(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  } catch {
    return '';
  }
}
