import { describe, expect, it } from 'vitest';
import { AMI_MAX_LINE_BYTES, encodeAmiAction } from './encode.ts';
import { AmiFramer } from './framer.ts';

function text(r: ReturnType<typeof encodeAmiAction>): string {
  if (!r.ok) throw new Error(r.error.message);
  return r.text;
}

describe('encodeAmiAction', () => {
  it('writes Action, ActionID, the fields in order and the closing empty line', () => {
    expect(
      text(encodeAmiAction('QueuePause', 'a-1', { Queue: 'support', Interface: 'Local/101@agents/n', Paused: true })),
    ).toBe(
      'Action: QueuePause\r\nActionID: a-1\r\nQueue: support\r\nInterface: Local/101@agents/n\r\nPaused: true\r\n\r\n',
    );
  });

  it('repeats a key for each value of an array (Variable lines stay one per header)', () => {
    expect(text(encodeAmiAction('Originate', '1', { Variable: ['A=1', 'B=2'] }))).toBe(
      'Action: Originate\r\nActionID: 1\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n',
    );
  });

  it('strips CR and LF from values so a value cannot inject headers or a second action', () => {
    const evil = 'SIP/100\r\n\r\nAction: Originate\r\nChannel: Local/666@evil';
    const out = text(encodeAmiAction('Hangup', '1', { Channel: evil, Reason: 'a\nb\rc' }));
    expect(out).toBe(
      'Action: Hangup\r\nActionID: 1\r\nChannel: SIP/100Action: OriginateChannel: Local/666@evil\r\nReason: abc\r\n\r\n',
    );
    // What the PBX would read: exactly one action with exactly these headers.
    const [msg, ...rest] = new AmiFramer().push(Buffer.from(out));
    expect(rest).toEqual([]);
    expect(msg?.fields.map(([k]) => k)).toEqual(['Action', 'ActionID', 'Channel', 'Reason']);
  });

  it('cleans keys too and never lets fields override Action or ActionID', () => {
    const out = text(
      encodeAmiAction('Ping\r\nAction: Originate', 'x\r\n', [
        ['Bad\r\nKey: v', '1'],
        ['ActionID', 'spoof'],
        ['Action', 'Originate'],
      ]),
    );
    expect(out).toBe('Action: PingAction Originate\r\nActionID: x\r\nBadKey v: 1\r\n\r\n');
  });

  it('refuses a line Asterisk would reject as too long, naming the key but not the value', () => {
    const r = encodeAmiAction('Login', '1', { Secret: 's'.repeat(AMI_MAX_LINE_BYTES) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('line_too_long');
      expect(r.error.message).toContain('Secret');
      expect(r.error.message).not.toContain('sss');
    }
  });
});
