// One AMI connection to one PBX, kept alive: connect (TCP or TLS), wait for the banner, log in, wait
// for FullyBooted, run the resync hook, then deliver live events; a Ping watchdog finds a silent
// peer; any drop reconnects with backoff. An authentication failure or an untrusted certificate
// stops for good (status `failed`): retrying with the same credentials only gets the laptop banned.
// Events that arrive while the resync lists run are held and delivered after the lists, in order, so
// the model applies them on top of the fresh snapshot.
import { randomBytes } from 'node:crypto';
import type { AmiConnectionStatus } from '../../../../shared/domain.ts';
import { amiField, type AmiMessage } from '../message.ts';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { openAmiSocket } from './connect-socket.ts';
import type { AmiReply } from './correlator.ts';
import type { AmiActionFields } from './encode.ts';
import { loginAmi } from './login.ts';
import { AmiSession } from './session.ts';

/** A PBX on the LAN or a VPN answers a SYN in milliseconds; 10 s covers a slow tunnel. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Asterisk writes the banner at once; silence means this is not an AMI port (we never send the secret then). */
export const BANNER_TIMEOUT_MS = 10_000;
/** Asterisk sleeps 1 s before refusing a login; 10 s leaves room for a loaded PBX. */
export const LOGIN_TIMEOUT_MS = 10_000;
/** Default wait for a plain action's response. */
export const ACTION_TIMEOUT_MS = 10_000;
/** Lists can be slow: QueueStatus on large realtime setups takes seconds (asterisk#1215). */
export const LIST_TIMEOUT_MS = 60_000;
/** Ping cadence (ami-anchors 1.8: every 10-20 s); NAT and VPN paths go half-open without a word. */
export const PING_INTERVAL_MS = 15_000;
/** A Ping unanswered this long, with no other byte received meanwhile, means the peer is gone. */
export const PING_TIMEOUT_MS = 20_000;
/** FullyBooted follows login at once when the user may read `system` events; without it we go on after this. */
export const FULLY_BOOTED_TIMEOUT_MS = 10_000;
/** Polite Logoff on stop; a dead peer must not hold the app's shutdown. */
export const LOGOFF_TIMEOUT_MS = 1_000;
/** Consecutive drops during login (no answer at all) before giving up: a PBX that closes on us this way is refusing us. */
export const LOGIN_DROPS_BEFORE_FAILING = 3;
/** Events held while the resync lists run; past this they flow through unheld (order kept) rather than grow without bound. */
export const MAX_HELD_EVENTS = 100_000;

export interface AmiTiming {
  connectTimeoutMs: number;
  bannerTimeoutMs: number;
  loginTimeoutMs: number;
  actionTimeoutMs: number;
  listTimeoutMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  fullyBootedTimeoutMs: number;
  logoffTimeoutMs: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_AMI_TIMING: AmiTiming = {
  connectTimeoutMs: CONNECT_TIMEOUT_MS,
  bannerTimeoutMs: BANNER_TIMEOUT_MS,
  loginTimeoutMs: LOGIN_TIMEOUT_MS,
  actionTimeoutMs: ACTION_TIMEOUT_MS,
  listTimeoutMs: LIST_TIMEOUT_MS,
  pingIntervalMs: PING_INTERVAL_MS,
  pingTimeoutMs: PING_TIMEOUT_MS,
  fullyBootedTimeoutMs: FULLY_BOOTED_TIMEOUT_MS,
  logoffTimeoutMs: LOGOFF_TIMEOUT_MS,
  backoff: DEFAULT_BACKOFF,
};

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  /** Used for login only; never logged, never put in an error. */
  secret: string;
  tls?: boolean;
  /** Default true; false is the user's explicit opt-out for a self-signed PBX. */
  tlsVerify?: boolean;
  ca?: string | Buffer;
  /** `Events:` on login. Default `on`; `off` also skips waiting for FullyBooted (it never comes). */
  events?: string;
  auth?: 'auto' | 'md5' | 'plain';
  /** Default true. False: the first drop or refusal ends in `failed` (connection tests). */
  reconnect?: boolean;
  timing?: Partial<AmiTiming>;
  /** Runs after every login once FullyBooted arrived (or its wait timed out), and after a Shutdown. */
  resync?: (client: AmiClient) => Promise<void>;
  onEvent?: (msg: AmiMessage) => void;
  onStatus?: (info: AmiClientInfo) => void;
  log?: (level: 'info' | 'warn', text: string) => void;
}

export interface AmiClientInfo {
  status: AmiConnectionStatus;
  /** Why the last session ended or the connection failed, readable. */
  lastError?: string;
  reconnectInSec?: number;
  /** From the banner (`Asterisk Call Manager/11.0.0`): the AMI version, not Asterisk's. */
  amiVersion?: string;
  /** µs UTC when the current session reached `connected`. */
  connectedAt?: number;
  eventsReceived: number;
}

export type AmiCommandReply = AmiReply & { output: string[] };

/** What the client tracks; the event count is summed over sessions when asked. */
type AmiClientState = Omit<AmiClientInfo, 'eventsReceived'>;

interface SessionOutcome {
  reason: string;
  terminal: boolean;
  /** The resync finished: the next drop starts the backoff from its base again. */
  wasConnected: boolean;
  droppedDuringLogin: boolean;
}

export class AmiClient {
  private readonly opts: AmiClientOptions;
  private readonly timing: AmiTiming;
  private readonly actionIdPrefix = randomBytes(4).toString('hex');
  private actionCounter = 0;
  private state: AmiClientState = { status: 'disabled' };
  private eventsInClosedSessions = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private session: AmiSession | undefined;
  private loggedIn = false;
  private abort: AbortController | undefined;
  private wake: (() => void) | undefined;
  // Per session:
  private bootSeen = false;
  private bootWaiter: (() => void) | undefined;
  private held: AmiMessage[] | undefined;
  private syncGeneration = 0;

  constructor(opts: AmiClientOptions) {
    this.opts = opts;
    this.timing = { ...DEFAULT_AMI_TIMING, ...opts.timing };
  }

  info(): AmiClientInfo {
    return { ...this.state, eventsReceived: this.eventsInClosedSessions + (this.session?.eventsReceived ?? 0) };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Logs off politely (bounded wait), closes and ends in status `disabled`. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    this.wake?.();
    const session = this.session;
    if (session?.isOpen) {
      if (this.loggedIn) await session.request('Logoff', {}, { timeoutMs: this.timing.logoffTimeoutMs });
      session.close('stopped');
    }
    await this.loop;
    this.setState({ status: 'disabled' });
  }

  /** A plain action; answered by its response. */
  send(action: string, fields: AmiActionFields = {}, opts: { timeoutMs?: number } = {}): Promise<AmiReply> {
    return this.request(action, fields, false, opts.timeoutMs ?? this.timing.actionTimeoutMs);
  }

  /** A list action: its response, then every item until `EventList: Complete`. */
  sendList(action: string, fields: AmiActionFields = {}, opts: { timeoutMs?: number } = {}): Promise<AmiReply> {
    return this.request(action, fields, true, opts.timeoutMs ?? this.timing.listTimeoutMs);
  }

  /** A CLI command; `output` holds its lines from either answer form (Follows or Output: headers). */
  async command(command: string, opts: { timeoutMs?: number } = {}): Promise<AmiCommandReply> {
    const reply = await this.send('Command', { Command: command }, opts);
    return { ...reply, output: reply.response?.output ?? [] };
  }

  private request(action: string, fields: AmiActionFields, list: boolean, timeoutMs: number): Promise<AmiReply> {
    const session = this.session;
    if (!session || !this.loggedIn) {
      return Promise.resolve({
        ok: false,
        events: [],
        error: { code: 'not_connected', message: `not connected (${this.state.status})` },
      });
    }
    return session.request(action, fields, { list, timeoutMs });
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let loginDrops = 0;
    while (this.running) {
      const outcome = await this.runSession();
      if (this.session) this.eventsInClosedSessions += this.session.eventsReceived;
      this.session = undefined;
      this.loggedIn = false;
      if (!this.running) break;
      if (outcome.wasConnected) attempt = 0;
      loginDrops = outcome.droppedDuringLogin ? loginDrops + 1 : 0;
      let { reason, terminal } = outcome;
      if (loginDrops >= LOGIN_DROPS_BEFORE_FAILING) {
        terminal = true;
        reason = `${reason} (${loginDrops} times in a row)`;
      }
      if (terminal || this.opts.reconnect === false) {
        this.log('warn', `AMI ${this.where()}: ${reason}; not retrying`);
        this.setState({ status: 'failed', lastError: reason });
        this.running = false;
        break;
      }
      const delay = backoffDelayMs(attempt++, this.timing.backoff);
      this.log('info', `AMI ${this.where()}: ${reason}; retrying in ${(delay / 1000).toFixed(1)} s`);
      this.setState({ status: 'reconnecting', lastError: reason, reconnectInSec: Math.ceil(delay / 1000) });
      await this.sleep(delay);
    }
  }

  private async runSession(): Promise<SessionOutcome> {
    const outcome = (reason: string, more: Partial<SessionOutcome> = {}): SessionOutcome => ({
      reason,
      terminal: false,
      wasConnected: false,
      droppedDuringLogin: false,
      ...more,
    });
    this.setState({ ...this.carried(), status: 'connecting' });
    this.abort = new AbortController();
    const opened = await openAmiSocket({
      host: this.opts.host,
      port: this.opts.port,
      tls: this.opts.tls === true,
      tlsVerify: this.opts.tlsVerify !== false,
      ...(this.opts.ca !== undefined ? { ca: this.opts.ca } : {}),
      timeoutMs: this.timing.connectTimeoutMs,
      signal: this.abort.signal,
    });
    if (!opened.ok) return outcome(opened.reason, { terminal: opened.terminal });

    this.bootSeen = false;
    this.bootWaiter = undefined;
    this.held = undefined;
    const session = new AmiSession(opened.socket, {
      onEvent: (msg) => this.onSessionEvent(session, msg),
      onFault: (text) => this.log('warn', `AMI ${this.where()}: ${text}`),
      nextActionId: () => `${this.actionIdPrefix}-${++this.actionCounter}`,
    });
    this.session = session;
    if (!this.running) {
      session.close('stopped');
      return outcome('stopped');
    }
    this.setState({ ...this.carried(), status: 'authenticating' });
    const banner = await session.waitForBanner(this.timing.bannerTimeoutMs);
    if (banner === undefined) {
      session.close(`no AMI banner within ${Math.round(this.timing.bannerTimeoutMs / 1000)} s (is this the AMI port?)`);
      return outcome(await session.closed);
    }
    const amiVersion = banner.slice(banner.indexOf('/') + 1);

    const login = await loginAmi(
      (action, fields, o) => session.request(action, fields, o),
      { username: this.opts.username, secret: this.opts.secret, events: this.events(), auth: this.opts.auth ?? 'auto' },
      this.timing.loginTimeoutMs,
    );
    if (!login.ok) {
      session.close(login.reason);
      await session.closed;
      return outcome(login.reason, {
        terminal: login.authFailed,
        droppedDuringLogin: login.reason === 'connection closed during login',
      });
    }
    this.loggedIn = true;
    this.setState({ status: 'syncing', amiVersion });
    this.log('info', `AMI ${this.where()}: logged in (${login.method}), AMI ${amiVersion}`);
    this.startKeepalive(session);
    let wasConnected = false;
    await this.bootAndResync(session).then((ok) => (wasConnected = ok));
    const reason = await session.closed;
    return outcome(reason, { wasConnected: wasConnected || this.state.status === 'connected' });
  }

  /** Waits for FullyBooted (bounded), runs the resync hook, then releases the held events. */
  private async bootAndResync(session: AmiSession): Promise<boolean> {
    const generation = ++this.syncGeneration;
    this.held ??= [];
    if (this.state.status !== 'syncing')
      this.setState({ ...this.carried(), status: 'syncing', amiVersion: this.state.amiVersion });
    if (this.events() !== 'off' && !this.bootSeen) {
      const booted = await this.waitForBoot(session);
      if (!booted && session.isOpen)
        this.log('info', `AMI ${this.where()}: no FullyBooted within the wait; resyncing anyway`);
    }
    if (session.isOpen && generation === this.syncGeneration) {
      try {
        await this.opts.resync?.(this);
      } catch (err) {
        this.log('warn', `AMI ${this.where()}: resync hook failed: ${(err as Error).message}`);
      }
    }
    if (generation !== this.syncGeneration) return false;
    const held = this.held ?? [];
    this.held = undefined;
    for (const msg of held) this.deliver(msg);
    if (!session.isOpen) return false;
    this.setState({ status: 'connected', amiVersion: this.state.amiVersion, connectedAt: Date.now() * 1000 });
    return true;
  }

  private waitForBoot(session: AmiSession): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.bootWaiter = undefined;
        resolve(this.bootSeen);
      };
      const timer = setTimeout(done, this.timing.fullyBootedTimeoutMs);
      this.bootWaiter = done;
      void session.closed.then(done);
    });
  }

  private onSessionEvent(session: AmiSession, msg: AmiMessage): void {
    if (this.held && this.held.length < MAX_HELD_EVENTS) this.held.push(msg);
    else {
      if (this.held) {
        // Too many to hold: release what we have, in order, and let the rest flow.
        for (const m of this.held.splice(0)) this.deliver(m);
      }
      this.deliver(msg);
    }
    const name = msg.name.toLowerCase();
    if (name === 'fullybooted') {
      this.bootSeen = true;
      this.bootWaiter?.();
    } else if (name === 'shutdown') {
      // Asterisk closes every session next; if it does not (or comes back on this one), resync after boot.
      const restarting = /^true$/i.test(amiField(msg, 'Restart') ?? '');
      session.noteCloseReason(restarting ? 'PBX restarting' : 'PBX shut down');
      this.log('info', `AMI ${this.where()}: PBX is shutting down`);
      this.bootSeen = false;
      this.bootWaiter?.();
      void this.bootAndResync(session);
    }
  }

  private deliver(msg: AmiMessage): void {
    try {
      this.opts.onEvent?.(msg);
    } catch (err) {
      this.log('warn', `AMI ${this.where()}: event handler failed: ${(err as Error).message}`);
    }
  }

  private startKeepalive(session: AmiSession): void {
    let inFlight = false;
    const timer = setInterval(() => {
      if (inFlight || !session.isOpen) return;
      inFlight = true;
      const sentAt = performance.now();
      void session.request('Ping', {}, { timeoutMs: this.timing.pingTimeoutMs }).then((reply) => {
        inFlight = false;
        if (reply.error?.code !== 'timeout') return;
        // Bytes that arrived after the Ping went out prove the peer alive, only busy (a long list ahead of it).
        if (session.lastReceivedAt > sentAt) return;
        session.close(`no answer to Ping for ${Math.round(this.timing.pingTimeoutMs / 1000)} s`);
      });
    }, this.timing.pingIntervalMs);
    timer.unref();
    void session.closed.then(() => clearInterval(timer));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private events(): string {
    return this.opts.events ?? 'on';
  }

  /** Fields that survive a status change within a session attempt. */
  private carried(): AmiClientState {
    const { lastError, amiVersion } = this.state;
    return { status: this.state.status, ...(lastError ? { lastError } : {}), ...(amiVersion ? { amiVersion } : {}) };
  }

  private setState(next: AmiClientState): void {
    this.state = next;
    this.opts.onStatus?.(this.info());
  }

  private where(): string {
    return `${this.opts.host}:${this.opts.port}`;
  }

  private log(level: 'info' | 'warn', text: string): void {
    this.opts.log?.(level, text);
  }
}
