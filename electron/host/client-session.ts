// One connected client (a WebSocket in web mode, a MessagePort in the desktop app): requests in,
// responses and every event stream out. Transport-agnostic so both hosts share it.
import { EVENT_NAMES, type ClientFrame, type ServerFrame } from '../../shared/contract.ts';
import type { Core } from '../core/index.ts';

export interface FrameChannel {
  send(frame: ServerFrame): void;
  /** False when the peer cannot keep up; the session then skips event frames (they are snapshots or get resynced). */
  writable(): boolean;
}

/** A frame larger than this is not a request anyone sends; refuse it before parsing. */
export const MAX_CLIENT_FRAME_BYTES = 1024 * 1024;

function parseFrame(raw: unknown): ClientFrame | string {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_CLIENT_FRAME_BYTES) return 'frame too large';
    try {
      value = JSON.parse(raw);
    } catch {
      return 'frame is not valid JSON';
    }
  }
  if (typeof value !== 'object' || value === null) return 'frame is not an object';
  const f = value as Partial<ClientFrame>;
  if (f.type !== 'req' || typeof f.id !== 'number' || typeof f.name !== 'string') return 'frame is not a request';
  return f as ClientFrame;
}

export function openSession(core: Core, channel: FrameChannel): { receive(raw: unknown): void; close(): void } {
  const unsubscribe = EVENT_NAMES.map((name) =>
    core.subscribe(name, (payload) => {
      if (channel.writable()) channel.send({ type: 'event', name, payload });
    }),
  );
  let open = true;
  return {
    receive(raw) {
      const frame = parseFrame(raw);
      if (typeof frame === 'string') {
        // No id to answer to; the client's own timeout reports it. Nothing here may throw.
        return;
      }
      void core.handle(frame.name, frame.params).then((result) => {
        if (open) channel.send({ type: 'res', id: frame.id, ...result });
      });
    },
    close() {
      open = false;
      for (const u of unsubscribe) u();
    },
  };
}
