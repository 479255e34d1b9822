// One open AMI socket: frames what arrives, hands answers to the pending actions waiting for them
// and everything else (events) to the owner, writes actions with a per-action timeout, and knows
// why it closed. No login or reconnect logic here: that is the client's job.
import type net from 'node:net';
import { AmiFramer } from './framer.ts';
import { AmiCorrelator, type AmiReply } from './correlator.ts';
import { encodeAmiAction, type AmiActionFields } from './encode.ts';
import type { AmiMessage } from '../message.ts';

export interface AmiRequestOptions {
  list?: boolean;
  timeoutMs: number;
}

export interface AmiSessionHooks {
  /** Every event that is not an item of a pending list, in stream order. */
  onEvent(msg: AmiMessage): void;
  onFault(text: string): void;
  nextActionId(): string;
}

export class AmiSession {
  /** Resolves once, with a readable reason, when the socket is gone. */
  readonly closed: Promise<string>;
  banner: string | undefined;
  eventsReceived = 0;
  /** When bytes last arrived (ms, monotonic): a busy but slow PBX is alive even if a Ping is late. */
  lastReceivedAt = performance.now();
  private closeReason: string | undefined;
  private expectedCloseReason: string | undefined;
  private resolveClosed!: (reason: string) => void;
  private readonly framer = new AmiFramer();
  private readonly correlator = new AmiCorrelator();
  private readonly bannerWaiters: (() => void)[] = [];

  private readonly socket: net.Socket;
  private readonly hooks: AmiSessionHooks;

  constructor(socket: net.Socket, hooks: AmiSessionHooks) {
    this.socket = socket;
    this.hooks = hooks;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.closeReason ??=
        this.expectedCloseReason ??
        (err.code === 'ECONNRESET' ? 'connection reset by the PBX' : `socket error: ${err.message}`);
    });
    socket.on('close', () => this.onClose());
  }

  get isOpen(): boolean {
    return this.closeReason === undefined && !this.socket.destroyed;
  }

  /** Waits for the `Asterisk Call Manager/x.y.z` line; undefined on timeout or close. */
  waitForBanner(timeoutMs: number): Promise<string | undefined> {
    if (this.banner !== undefined || !this.isOpen) return Promise.resolve(this.banner);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve(this.banner);
      };
      const timer = setTimeout(done, timeoutMs);
      this.bannerWaiters.push(done);
      void this.closed.then(done);
    });
  }

  request(action: string, fields: AmiActionFields, opts: AmiRequestOptions): Promise<AmiReply> {
    if (!this.isOpen)
      return Promise.resolve({ ok: false, events: [], error: { code: 'disconnected', message: 'not connected' } });
    const actionId = this.hooks.nextActionId();
    const encoded = encodeAmiAction(action, actionId, fields);
    if (!encoded.ok)
      return Promise.resolve({ ok: false, events: [], error: { code: 'encode', message: encoded.error.message } });
    return new Promise((resolve) => {
      const timer = setTimeout(
        () =>
          this.correlator.fail(actionId, {
            code: 'timeout',
            message: `no answer to ${action} within ${Math.round(opts.timeoutMs / 1000)} s`,
          }),
        opts.timeoutMs,
      );
      this.correlator.expect(actionId, opts.list === true, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.socket.write(encoded.text);
    });
  }

  /** The reason to report when the peer closes next (it announced it, e.g. with `Event: Shutdown`). */
  noteCloseReason(reason: string): void {
    this.expectedCloseReason = reason;
  }

  /** Closes the socket; `reason` becomes the close reason unless the socket already failed. */
  close(reason: string): void {
    this.closeReason ??= reason;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.lastReceivedAt = performance.now();
    for (const frame of this.framer.pushFrames(chunk)) {
      if (!frame.ok) {
        this.hooks.onFault(frame.fault.message);
        continue;
      }
      const msg = frame.message;
      if (msg.kind === 'event') this.eventsReceived++;
      if (msg.kind === 'banner') {
        this.banner ??= msg.name;
        for (const w of this.bannerWaiters.splice(0)) w();
        continue;
      }
      if (this.correlator.take(msg)) continue;
      if (msg.kind === 'event') this.hooks.onEvent(msg);
      // A response nobody waits for is a late answer to a timed-out action: nothing to do.
    }
  }

  private onClose(): void {
    const reason = this.closeReason ?? this.expectedCloseReason ?? 'connection closed by the PBX';
    this.closeReason = reason;
    this.correlator.failAll({ code: 'disconnected', message: reason });
    this.resolveClosed(reason);
  }
}
