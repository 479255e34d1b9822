// The control messages between main and the core's utility process (electron/host/utility.ts).
// Requests and events never pass here: they go over the MessagePorts brokered by `connect`.

export type CoreClientKind = 'renderer' | 'main';

/** Main -> utility, with one MessagePort in the transfer list. */
export interface ConnectMessage {
  type: 'connect';
  client: CoreClientKind;
}

export type NotifySeverity = 'info' | 'warning' | 'critical';

/** Utility -> main on its parentPort. */
export type UtilityMessage =
  | { type: 'ready'; version: string }
  | { type: 'notify'; title: string; body: string; severity: NotifySeverity }
  | { type: 'fatal'; message: string };

/** Text from the core is cut to these lengths: OS notification centres truncate anyway, and a runaway string must not bloat main. */
export const MAX_NOTIFY_TITLE_CHARS = 120;
export const MAX_NOTIFY_BODY_CHARS = 1000;
/** A fatal message longer than this is cut before it reaches a dialog or the tray tooltip. */
export const MAX_FATAL_MESSAGE_CHARS = 2000;
/** Versions are short semver strings; anything longer is not one. */
const MAX_VERSION_CHARS = 64;

const SEVERITIES: ReadonlySet<string> = new Set<NotifySeverity>(['info', 'warning', 'critical']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' ? value.slice(0, max) : null;
}

/** Validates a message from the utility; anything malformed is `null` and ignored by the caller. */
export function parseUtilityMessage(raw: unknown): UtilityMessage | null {
  if (!isRecord(raw)) return null;
  switch (raw.type) {
    case 'ready': {
      const version = text(raw.version, MAX_VERSION_CHARS);
      return version === null ? null : { type: 'ready', version };
    }
    case 'notify': {
      const title = text(raw.title, MAX_NOTIFY_TITLE_CHARS);
      const body = text(raw.body, MAX_NOTIFY_BODY_CHARS);
      if (title === null || body === null || typeof raw.severity !== 'string' || !SEVERITIES.has(raw.severity))
        return null;
      return { type: 'notify', title, body, severity: raw.severity as NotifySeverity };
    }
    case 'fatal': {
      const message = text(raw.message, MAX_FATAL_MESSAGE_CHARS);
      return message === null ? null : { type: 'fatal', message };
    }
    default:
      return null;
  }
}
