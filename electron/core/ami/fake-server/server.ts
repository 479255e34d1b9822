// A protocol-faithful fake Asterisk Manager Interface for tests and the e2e, on 127.0.0.1 only.
// Behaves as Asterisk 22 did in the recordings: banner without an empty line, Challenge/Login (plain
// and MD5), a refused login answered after 1 s with `Authentication failed` and a close, `Permission
// denied` before login, Ping, Logoff (Goodbye + close), Hangup of a channel it has announced (the
// answer and the Hangup event, as manager.c), and every other action answered by replaying the
// recorded bytes. It can stream a recorded event session cut at random points, restart (Shutdown,
// close all, come back), go silent (stop answering, like a half-open NAT path) and change a secret.
import net from 'node:net';
import tls from 'node:tls';
import { randomInt } from 'node:crypto';
import { setImmediate as nextTick } from 'node:timers/promises';
import { AmiFramer } from '../protocol/framer.ts';
import { md5LoginKey } from '../protocol/login.ts';
import { amiField, type AmiMessage } from '../message.ts';
import { LiveChannels } from './live-channels.ts';
import { loadAmiRecording } from './recording.ts';
import { AmiReplayBook, DEFAULT_REPLAY_RECORDINGS } from './replay-book.ts';
import { prng } from './prng.ts';

/** What Asterisk 22 sends (the banner carries the AMI version, 11.0.0, not Asterisk's). */
export const FAKE_AMI_BANNER = 'Asterisk Call Manager/11.0.0';
/** Asterisk sleeps 1 s before refusing a login (manager.c), which is what slows a brute force. */
export const AUTH_FAIL_DELAY_MS = 1_000;
/** Largest piece a cut write is split into: a few TCP reads per typical message. */
const MAX_CUT_BYTES = 700;

export interface FakeAmiUser {
  username: string;
  secret: string;
  /** Actions this user gets `Permission denied` for (a user without write=system and PJSIPShow*). */
  deny?: string[];
}

export interface FakeAmiServerOptions {
  users?: FakeAmiUser[];
  banner?: string;
  replayFrom?: readonly string[];
  /** `output` (Asterisk >= 14: Output: headers, the default) or `follows` (<= 13: Response: Follows ... --END COMMAND--). */
  commandForm?: 'output' | 'follows';
  authFailDelayMs?: number;
  /** When set, everything written is cut at random points (seeded) and written piece by piece. */
  cutSeed?: number;
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Default 0: any free port (tests); the standalone runner may ask for 5038. */
  port?: number;
  /** Default true. False answers Challenge with an error (a server without MD5), forcing a plain Login. */
  offerMd5?: boolean;
}

export interface FakeAmiStats {
  connections: number;
  challenges: number;
  logins: number;
  failedLogins: number;
  pings: number;
  /** `md5` or `plain` per Login received, in order. */
  loginMethods: ('md5' | 'plain')[];
  /** Every action name received, in order. */
  actions: string[];
}

interface FakeSession {
  socket: net.Socket;
  framer: AmiFramer;
  user?: FakeAmiUser;
  events: boolean;
  challenge?: string;
  silent: boolean;
  writing: Promise<void>;
}

/** Complete-event names of the lists a monitor resyncs (the rest follow `<Action>Complete`). */
const LIST_COMPLETE: Record<string, string> = {
  coreshowchannels: 'CoreShowChannelsComplete',
  bridgelist: 'BridgeListComplete',
  queuestatus: 'QueueStatusComplete',
  devicestatelist: 'DeviceStateListComplete',
  extensionstatelist: 'ExtensionStateListComplete',
  pjsipshowendpoints: 'EndpointListComplete',
  pjsipshowcontacts: 'ContactListComplete',
};

export class FakeAmiServer {
  readonly stats: FakeAmiStats = {
    connections: 0,
    challenges: 0,
    logins: 0,
    failedLogins: 0,
    pings: 0,
    loginMethods: [],
    actions: [],
  };
  private readonly opts: FakeAmiServerOptions;
  private readonly users: Map<string, FakeAmiUser>;
  private readonly book: AmiReplayBook;
  private readonly sessions = new Set<FakeSession>();
  private readonly listOverrides = new Map<string, [string, string][][]>();
  private readonly live = new LiveChannels();
  private readonly cut: (() => number) | undefined;
  private server: net.Server;
  private portNumber = 0;
  private readonly startedAt = Date.now();

  private constructor(opts: FakeAmiServerOptions) {
    this.opts = opts;
    this.users = new Map((opts.users ?? [{ username: 'admin', secret: 'admin' }]).map((u) => [u.username, u]));
    this.book = AmiReplayBook.fromRecordings(opts.replayFrom ?? DEFAULT_REPLAY_RECORDINGS);
    this.cut = opts.cutSeed === undefined ? undefined : prng(opts.cutSeed);
    this.server = this.createServer();
  }

  static async start(opts: FakeAmiServerOptions = {}): Promise<FakeAmiServer> {
    const fake = new FakeAmiServer(opts);
    await fake.listen(opts.port ?? 0);
    return fake;
  }

  get port(): number {
    return this.portNumber;
  }

  /** Logged-in sessions right now. */
  get loggedInSessions(): number {
    return [...this.sessions].filter((s) => s.user).length;
  }

  setSecret(username: string, secret: string): void {
    const user = this.users.get(username);
    if (user) user.secret = secret;
    else this.users.set(username, { username, secret });
  }

  /** Answers `action` (a list) with these items instead of the recording: lets a test change the PBX's state. */
  setListAnswer(action: string, items: [string, string][][]): void {
    this.listOverrides.set(action.toLowerCase(), items);
  }

  /** Sends raw bytes to every logged-in session that receives events. */
  broadcast(bytes: string | Buffer): void {
    this.live.observe(bytes);
    for (const s of this.sessions) if (s.user && s.events && !s.silent) this.write(s, Buffer.from(bytes));
  }

  /**
   * Streams every event of a recording (e.g. `queue-calls`) to every listening session, cut at random
   * points (seeded). Resolves with the bytes sent once they are written.
   */
  async streamRecording(name: string, seed = 1): Promise<Buffer> {
    const rec = loadAmiRecording(name);
    const events = Buffer.concat(
      rec.messages
        .filter((m) => rec.bytes.toString('latin1', m.off, m.off + 6) === 'Event:')
        .map((m) => rec.bytes.subarray(m.off, m.off + m.len)),
    );
    this.live.observe(events);
    const rand = prng(seed);
    const targets = [...this.sessions].filter((s) => s.user && s.events && !s.silent);
    for (const s of targets) this.write(s, events, rand);
    await Promise.all(targets.map((s) => s.writing));
    return events;
  }

  /** Existing sessions stop answering and sending anything (a half-open path); new ones behave. */
  goSilent(): void {
    for (const s of this.sessions) s.silent = true;
  }

  /** Like `core restart now`: Shutdown to every session, close them all, stop listening, come back after `downMs`. */
  async restart(downMs = 200): Promise<void> {
    const shutdown = 'Event: Shutdown\r\nPrivilege: system,all\r\nShutdown: Uncleanly\r\nRestart: True\r\n\r\n';
    this.broadcast(shutdown);
    await Promise.all([...this.sessions].map((s) => s.writing));
    await this.closeAll();
    await new Promise((r) => setTimeout(r, downMs));
    this.server = this.createServer();
    await this.listen(this.portNumber);
  }

  async close(): Promise<void> {
    await this.closeAll();
  }

  private async closeAll(): Promise<void> {
    for (const s of this.sessions) s.socket.destroy();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private createServer(): net.Server {
    const onSocket = (socket: net.Socket): void => this.onConnection(socket);
    return this.opts.tls
      ? tls.createServer({ key: this.opts.tls.key, cert: this.opts.tls.cert }, onSocket)
      : net.createServer(onSocket);
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        if (addr && typeof addr === 'object') this.portNumber = addr.port;
        resolve();
      });
    });
  }

  private onConnection(socket: net.Socket): void {
    this.stats.connections++;
    socket.setNoDelay(true);
    const session: FakeSession = {
      socket,
      framer: new AmiFramer(),
      events: false,
      silent: false,
      writing: Promise.resolve(),
    };
    this.sessions.add(session);
    socket.on('data', (chunk: Buffer) => {
      if (session.silent) return;
      for (const msg of session.framer.push(chunk)) this.onAction(session, msg);
    });
    socket.on('error', () => {});
    socket.on('close', () => this.sessions.delete(session));
    this.write(session, Buffer.from(`${this.opts.banner ?? FAKE_AMI_BANNER}\r\n`));
  }

  private onAction(s: FakeSession, msg: AmiMessage): void {
    const action = amiField(msg, 'Action') ?? '';
    const id = amiField(msg, 'ActionID');
    const name = action.toLowerCase();
    this.stats.actions.push(action);
    const reply = (lines: string[]): void => this.write(s, Buffer.from(response(lines, id)));

    if (name === 'challenge') {
      this.stats.challenges++;
      if (this.opts.offerMd5 === false || (amiField(msg, 'AuthType') ?? '').toLowerCase() !== 'md5')
        return reply(['Response: Error', 'Message: Must specify AuthType']);
      s.challenge = String(randomInt(100_000_000, 999_999_999));
      return reply(['Response: Success', `Challenge: ${s.challenge}`]);
    }
    if (name === 'login') return this.login(s, msg, reply);
    if (name === 'logoff') {
      reply(['Response: Goodbye', 'Message: Thanks for all the fish.']);
      void s.writing.then(() => s.socket.end());
      return;
    }
    if (!s.user) return reply(['Response: Error', 'Message: Permission denied']);
    if (s.user.deny?.some((d) => d.toLowerCase() === name))
      return reply(['Response: Error', 'Message: Permission denied']);
    if (name === 'ping') {
      this.stats.pings++;
      const now = Date.now();
      return reply([
        'Response: Success',
        'Ping: Pong',
        `Timestamp: ${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, '0')}`,
      ]);
    }
    if (name === 'events')
      return reply([
        'Response: Success',
        `Events: ${(amiField(msg, 'EventMask') ?? 'on').toLowerCase() === 'off' ? 'Off' : 'On'}`,
      ]);
    if (name === 'hangup') return this.hangup(msg, reply);
    const override = this.listOverrides.get(name);
    if (override) return this.write(s, Buffer.from(listAnswer(action, override, id)));
    if (name === 'command') return this.command(s, msg, id);
    const recorded = this.book.answer(action, msg.fields, id);
    if (recorded) return this.write(s, recorded);
    reply([
      'Response: Error',
      `Message: Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`,
    ]);
  }

  private login(s: FakeSession, msg: AmiMessage, reply: (lines: string[]) => void): void {
    this.stats.logins++;
    const user = this.users.get(amiField(msg, 'Username') ?? '');
    const key = amiField(msg, 'Key');
    const md5 = (amiField(msg, 'AuthType') ?? '').toLowerCase() === 'md5';
    this.stats.loginMethods.push(md5 ? 'md5' : 'plain');
    const accepted =
      user !== undefined &&
      (md5
        ? s.challenge !== undefined && key === md5LoginKey(s.challenge, user.secret)
        : amiField(msg, 'Secret') === user.secret);
    if (!accepted) {
      this.stats.failedLogins++;
      setTimeout(() => {
        reply(['Response: Error', 'Message: Authentication failed']);
        void s.writing.then(() => s.socket.end());
      }, this.opts.authFailDelayMs ?? AUTH_FAIL_DELAY_MS).unref();
      return;
    }
    s.user = user;
    s.events = (amiField(msg, 'Events') ?? 'on').toLowerCase() !== 'off';
    reply(['Response: Success', 'Message: Authentication accepted']);
    if (s.events) {
      const uptime = Math.floor((Date.now() - this.startedAt) / 1000);
      this.write(
        s,
        Buffer.from(
          `Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: ${uptime}\r\nLastReload: ${uptime}\r\nStatus: Fully Booted\r\n\r\n`,
        ),
      );
    }
  }

  /** As manager.c: answers first, then the channel's Hangup event goes to every listening session. */
  private hangup(msg: AmiMessage, reply: (lines: string[]) => void): void {
    const channel = amiField(msg, 'Channel') ?? '';
    if (channel === '') return reply(['Response: Error', 'Message: No channel specified']);
    const cause = Number(amiField(msg, 'Cause'));
    const event = this.live.hangUp(channel, Number.isInteger(cause) && cause > 0 ? cause : undefined);
    if (event === null) return reply(['Response: Error', 'Message: No such channel']);
    reply(['Response: Success', 'Message: Channel Hungup']);
    this.broadcast(event);
  }

  private command(s: FakeSession, msg: AmiMessage, id: string | undefined): void {
    const cmd = amiField(msg, 'Command') ?? '';
    const recorded = this.book.answer('Command', [['Command', cmd]], id, { exact: true });
    const output = recorded
      ? (new AmiFramer().push(recorded)[0]?.output ?? [])
      : [`No such command '${cmd}' (type 'core show help ${cmd.split(' ')[0] ?? ''}' for other possible commands)`];
    if (this.opts.commandForm === 'follows') {
      // Asterisk <= 13: raw CLI text with bare LF line ends, then the marker.
      const head = ['Response: Follows', 'Privilege: Command', ...(id !== undefined ? [`ActionID: ${id}`] : [])].join(
        '\r\n',
      );
      return this.write(s, Buffer.from(`${head}\r\n${output.join('\n')}\n--END COMMAND--\r\n\r\n`));
    }
    if (recorded) return this.write(s, recorded);
    const lines = ['Response: Error', 'Message: Command output follows', ...output.map((o) => `Output: ${o}`)];
    this.write(s, Buffer.from(response(lines, id)));
  }

  /** Queues bytes for one session, cut into random pieces when configured (order kept across calls). */
  private write(s: FakeSession, bytes: Buffer, rand = this.cut): void {
    s.writing = s.writing.then(async () => {
      if (s.socket.destroyed || s.silent) return;
      if (!rand) {
        s.socket.write(bytes);
        return;
      }
      for (let at = 0; at < bytes.length;) {
        const len = 1 + Math.floor(rand() * MAX_CUT_BYTES);
        if (s.socket.destroyed) return;
        s.socket.write(bytes.subarray(at, at + len));
        at += len;
        // Let the piece leave before the next one, so the reader really sees separate reads.
        await nextTick();
      }
    });
  }
}

/** `Response:` first, then ActionID (when the client sent one), then the rest, as Asterisk orders them. */
function response(lines: string[], id: string | undefined): string {
  const [first, ...rest] = lines;
  return [first, ...(id !== undefined ? [`ActionID: ${id}`] : []), ...rest].join('\r\n') + '\r\n\r\n';
}

function listAnswer(action: string, items: [string, string][][], id: string | undefined): string {
  const idLine = id !== undefined ? [`ActionID: ${id}`] : [];
  const head = response(['Response: Success', 'EventList: start', `Message: ${action} will follow`], id);
  const body = items.map((fields) => {
    const [first, ...rest] = fields.map(([k, v]) => `${k}: ${v}`);
    return [first, ...idLine, ...rest].join('\r\n') + '\r\n\r\n';
  });
  const complete = LIST_COMPLETE[action.toLowerCase()] ?? `${action}Complete`;
  const tail =
    [`Event: ${complete}`, ...idLine, 'EventList: Complete', `ListItems: ${items.length}`].join('\r\n') + '\r\n\r\n';
  return head + body.join('') + tail;
}
