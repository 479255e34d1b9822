// The add/edit form of a PBX connection as plain data: a draft of strings and flags, its
// validation (the same bounds as the contract's schema, said in words), and the params it saves
// or tests with. The secret is write-only: a draft never starts with it, and an empty secret on
// an edit means "keep the stored one".
import type { AmiConnectionInfo, ParamsOf } from '../../../../shared/contract.ts';

/** manager.conf `port` default (manager.h DEFAULT_MANAGER_PORT), and the usual TLS port. */
export const AMI_PORT = 5038;
export const AMI_TLS_PORT = 5039;
/** Bounds of AmiConnectionSaveSchema, repeated here to explain them before the core refuses. */
export const NAME_MAX = 80;
export const HOST_MAX = 255;
export const USERNAME_MAX = 128;
export const SECRET_MAX = 1024;
const PORT_MIN = 1;
const PORT_MAX = 65535;

/** Hues far apart on both themes, offered as swatches; a new PBX gets the first one not in use. */
export const PBX_SWATCHES = [
  '#4f8cff',
  '#f59e0b',
  '#10b981',
  '#ef4444',
  '#a855f7',
  '#06b6d4',
  '#ec4899',
  '#84cc16',
] as const;

export interface ConnectionDraft {
  name: string;
  host: string;
  port: string;
  username: string;
  /** Typed by the user only; '' on an edit keeps the stored secret. */
  secret: string;
  tls: boolean;
  tlsVerify: boolean;
  color: string;
  actionsEnabled: boolean;
  enabled: boolean;
}

export type DraftErrors = Partial<Record<'name' | 'host' | 'port' | 'username' | 'secret', string>>;

export function newDraft(usedColors: readonly string[] = []): ConnectionDraft {
  const used = new Set(usedColors.map((c) => c.toLowerCase()));
  return {
    name: '',
    host: '',
    port: String(AMI_PORT),
    username: '',
    secret: '',
    tls: false,
    tlsVerify: true,
    color: PBX_SWATCHES.find((c) => !used.has(c)) ?? PBX_SWATCHES[usedColors.length % PBX_SWATCHES.length] ?? '#4f8cff',
    actionsEnabled: false,
    enabled: true,
  };
}

/** An edit starts from the saved connection, never from its secret (the core does not return it). */
export function draftFrom(info: AmiConnectionInfo): ConnectionDraft {
  return {
    name: info.name,
    host: info.host,
    port: String(info.port),
    username: info.username,
    secret: '',
    tls: info.tls,
    tlsVerify: info.tlsVerify,
    color: info.color,
    actionsEnabled: info.actionsEnabled,
    enabled: info.enabled,
  };
}

/** Turning TLS on or off moves a port still at the other mode's default to this mode's default. */
export function withTls(draft: ConnectionDraft, tls: boolean): ConnectionDraft {
  const port = draft.port.trim();
  const atDefault = port === '' || port === String(AMI_PORT) || port === String(AMI_TLS_PORT);
  return { ...draft, tls, port: atDefault ? String(tls ? AMI_TLS_PORT : AMI_PORT) : draft.port };
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= PORT_MIN && n <= PORT_MAX ? n : null;
}

/** `hasStoredSecret`: editing a connection whose secret the core holds, so leaving it empty is fine. */
export function validateDraft(draft: ConnectionDraft, hasStoredSecret: boolean): DraftErrors {
  const errors: DraftErrors = {};
  const name = draft.name.trim();
  if (name === '') errors.name = 'Give the PBX a name (shown on every row it sends).';
  else if (name.length > NAME_MAX) errors.name = `At most ${NAME_MAX} characters.`;
  const host = draft.host.trim();
  if (host === '') errors.host = 'Enter the PBX address (name or IP).';
  else if (host.length > HOST_MAX || /\s/.test(host)) errors.host = 'Enter a host name or IP address without spaces.';
  if (parsePort(draft.port) === null) errors.port = `A port from ${PORT_MIN} to ${PORT_MAX}.`;
  const username = draft.username.trim();
  if (username === '') errors.username = 'Enter the manager.conf user.';
  else if (username.length > USERNAME_MAX) errors.username = `At most ${USERNAME_MAX} characters.`;
  if (draft.secret === '' && !hasStoredSecret) errors.secret = 'Enter the secret of this manager.conf user.';
  else if (draft.secret.length > SECRET_MAX) errors.secret = `At most ${SECRET_MAX} characters.`;
  return errors;
}

export function hasErrors(errors: DraftErrors): boolean {
  return Object.keys(errors).length > 0;
}

export function saveParams(draft: ConnectionDraft, id?: string): ParamsOf<'ami.connections.save'> {
  return {
    ...(id !== undefined ? { id } : {}),
    name: draft.name.trim(),
    host: draft.host.trim(),
    port: parsePort(draft.port) ?? AMI_PORT,
    username: draft.username.trim(),
    ...(draft.secret !== '' ? { secret: draft.secret } : {}),
    tls: draft.tls,
    tlsVerify: draft.tlsVerify,
    color: draft.color,
    actionsEnabled: draft.actionsEnabled,
    enabled: draft.enabled,
  };
}

/** A test of what the form says now; on an edit with no new secret the core uses the stored one. */
export function testParams(draft: ConnectionDraft, id?: string): ParamsOf<'ami.connections.test'> {
  const port = parsePort(draft.port);
  return {
    ...(id !== undefined ? { id } : {}),
    ...(draft.host.trim() !== '' ? { host: draft.host.trim() } : {}),
    ...(port !== null ? { port } : {}),
    ...(draft.username.trim() !== '' ? { username: draft.username.trim() } : {}),
    ...(draft.secret !== '' ? { secret: draft.secret } : {}),
    tls: draft.tls,
    tlsVerify: draft.tlsVerify,
  };
}

/** Whether a test can run: the address and login must be there, a secret typed or stored. */
export function canTest(draft: ConnectionDraft, hasStoredSecret: boolean): boolean {
  const e = validateDraft(draft, hasStoredSecret);
  return !e.host && !e.port && !e.username && !e.secret;
}
