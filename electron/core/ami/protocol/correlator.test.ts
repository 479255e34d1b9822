import { describe, expect, it } from 'vitest';
import { AmiCorrelator, type AmiReply } from './correlator.ts';
import { AmiFramer } from './framer.ts';
import type { AmiMessage } from '../message.ts';
import { md5LoginKey } from './login.ts';

const msgs = (text: string): AmiMessage[] => new AmiFramer().push(Buffer.from(text.replaceAll('\n', '\r\n')));

function run(list: boolean, text: string): { reply: AmiReply | undefined; live: string[] } {
  const c = new AmiCorrelator();
  let reply: AmiReply | undefined;
  c.expect('a1', list, (r) => (reply = r));
  const live: string[] = [];
  for (const m of msgs(text)) if (!c.take(m)) live.push(m.name);
  return { reply, live };
}

describe('AmiCorrelator', () => {
  it('completes a plain action with its response and leaves other traffic to the caller', () => {
    const { reply, live } = run(
      false,
      'Event: Newchannel\n\nResponse: Success\nActionID: zz\n\nResponse: Success\nActionID: a1\nPing: Pong\n\n',
    );
    expect(reply?.ok).toBe(true);
    expect(live).toEqual(['Newchannel', 'Success']);
  });

  it('collects list items until EventList: Complete, matching "Start" in any case (FAXSessions)', () => {
    const { reply, live } = run(
      true,
      'Response: Success\nActionID: a1\nEventList: Start\nMessage: x\n\nEvent: Item\nActionID: a1\n\nEvent: Hangup\n\nEvent: Item\nActionID: a1\n\nEvent: ItemsComplete\nActionID: a1\nEventList: Complete\nListItems: 2\n\n',
    );
    expect(reply?.ok).toBe(true);
    expect(reply?.events.map((e) => e.name)).toEqual(['Item', 'Item']);
    expect(reply?.complete?.name).toBe('ItemsComplete');
    expect(live).toEqual(['Hangup']);
  });

  it('reports a cancelled list as not ok', () => {
    const { reply } = run(
      true,
      'Response: Success\nActionID: a1\nEventList: start\n\nEvent: XComplete\nActionID: a1\nEventList: Cancelled\n\n',
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'list_cancelled' } });
  });

  it('reads a pre-2.7 list opened by "will follow" and closed by a ...Complete event', () => {
    const { reply } = run(
      true,
      'Response: Success\nActionID: a1\nMessage: Channels will follow\n\nEvent: CoreShowChannel\nActionID: a1\n\nEvent: CoreShowChannelsComplete\nActionID: a1\n\n',
    );
    expect(reply?.events.map((e) => e.name)).toEqual(['CoreShowChannel']);
  });

  it('ends a list at once on an error response (Permission denied) with its message', () => {
    const { reply } = run(true, 'Response: Error\nActionID: a1\nMessage: Permission denied\n\n');
    expect(reply).toMatchObject({
      ok: false,
      events: [],
      error: { code: 'error_response', message: 'Permission denied' },
    });
  });

  it('fails everything pending when the session goes, and ignores a late answer', () => {
    const c = new AmiCorrelator();
    const replies: AmiReply[] = [];
    c.expect('a', false, (r) => replies.push(r));
    c.expect('b', true, (r) => replies.push(r));
    c.failAll({ code: 'disconnected', message: 'gone' });
    expect(replies.map((r) => r.error?.code)).toEqual(['disconnected', 'disconnected']);
    expect(c.take(msgs('Response: Success\nActionID: a\n\n')[0]!)).toBe(false);
    expect(c.size).toBe(0);
  });
});

describe('md5LoginKey', () => {
  it('matches the key the recorder sent in auth-md5-ok.ami, which Asterisk accepted', () => {
    // Challenge: 167376298 (the recorded answer), secret admin, Key in the recorded Login.
    expect(md5LoginKey('167376298', 'admin')).toBe('1c1c63368428b645357b9407b8d94b8d');
  });
});
