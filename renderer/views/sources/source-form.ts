// The editable part of a source card, kept as typed text until it validates.
import type { SourceConfig, SourceName } from '../../../shared/contract.ts';

/** Port 0 (any free port) is valid for the core but useless to a PBX that must be told the number. */
export const PORT_MIN = 1;
export const PORT_MAX = 65535;
/** A DNS name is at most 253 characters; the contract caps the field at 255. */
export const HOST_MAX_LENGTH = 255;

export interface SourceDraft {
  host: string;
  port: string;
  udp: boolean;
  tcp: boolean;
}

export interface DraftErrors {
  host?: string;
  port?: string;
  transport?: string;
}

export function draftFrom(config: SourceConfig): SourceDraft {
  return { host: config.host, port: String(config.port), udp: config.udp, tcp: config.tcp };
}

export function parsePort(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return null;
  const port = Number(trimmed);
  return port >= PORT_MIN && port <= PORT_MAX ? port : null;
}

export function validateDraft(draft: SourceDraft, enabled: boolean): DraftErrors {
  const errors: DraftErrors = {};
  const host = draft.host.trim();
  if (!host) errors.host = 'Enter a bind address, e.g. 0.0.0.0 for every interface.';
  else if (host.length > HOST_MAX_LENGTH || /\s/.test(host))
    errors.host = 'A bind address is an IP address or a host name.';
  if (parsePort(draft.port) === null) errors.port = `Port must be a whole number from ${PORT_MIN} to ${PORT_MAX}.`;
  if (enabled && !draft.udp && !draft.tcp) errors.transport = 'Turn on UDP or TCP, or switch the source off.';
  return errors;
}

export function hasErrors(errors: DraftErrors): boolean {
  return Object.keys(errors).length > 0;
}

export function isDirty(draft: SourceDraft, config: SourceConfig): boolean {
  const base = draftFrom(config);
  return (
    draft.host.trim() !== base.host ||
    draft.port.trim() !== base.port ||
    draft.udp !== base.udp ||
    draft.tcp !== base.tcp
  );
}

/** The `sources.save` params for a valid draft. */
export function draftToPatch(
  name: SourceName,
  draft: SourceDraft,
): Pick<SourceConfig, 'name' | 'host' | 'port' | 'udp' | 'tcp'> {
  const port = parsePort(draft.port);
  if (port === null) throw new Error('draftToPatch needs a validated draft');
  return { name, host: draft.host.trim(), port, udp: draft.udp, tcp: draft.tcp };
}
