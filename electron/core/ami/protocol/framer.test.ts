import { describe, expect, it } from 'vitest';
import { AmiFramer, type AmiFrame } from './framer.ts';
import { amiField, amiFields, type AmiMessage } from '../message.ts';

const b = (s: string) => Buffer.from(s, 'utf8');

/** Feeds `bytes` split at every possible single cut point and checks each gives `want`. */
function expectEveryCut(bytes: Buffer, want: AmiMessage[]): void {
  for (let cut = 0; cut <= bytes.length; cut++) {
    const framer = new AmiFramer();
    const got = [...framer.push(bytes.subarray(0, cut)), ...framer.push(bytes.subarray(cut))];
    expect(got, `cut at ${cut}`).toEqual(want);
  }
}

describe('AmiFramer', () => {
  it('emits the banner line without waiting for an empty line', () => {
    const framer = new AmiFramer();
    expect(framer.push(b('Asterisk Call Manager/11.0.0\r\n'))).toEqual([
      { kind: 'banner', name: 'Asterisk Call Manager/11.0.0', fields: [] },
    ]);
  });

  it('reads CRLF, bare LF and the buggy \\r\\n\\n ending alike', () => {
    const want = {
      kind: 'event',
      name: 'Hangup',
      fields: [
        ['Event', 'Hangup'],
        ['Cause', '16'],
      ],
    };
    for (const text of [
      'Event: Hangup\r\nCause: 16\r\n\r\n',
      'Event: Hangup\nCause: 16\n\n',
      'Event: Hangup\r\nCause: 16\r\n\n',
    ]) {
      expect(new AmiFramer().push(b(text))).toEqual([want]);
    }
  });

  it('ends each message at its first empty line when LF-only and CRLF endings mix in one stream', () => {
    expectEveryCut(
      b(
        'Event: A\n\nEvent: B\r\nX: 1\r\n\r\nEvent: C\r\n\nResponse: Success\nActionID: 2\n\n\r\nEvent: D\r\nY: a:b\r\n\r\n',
      ),
      [
        { kind: 'event', name: 'A', fields: [['Event', 'A']] },
        {
          kind: 'event',
          name: 'B',
          fields: [
            ['Event', 'B'],
            ['X', '1'],
          ],
        },
        { kind: 'event', name: 'C', fields: [['Event', 'C']] },
        {
          kind: 'response',
          name: 'Success',
          fields: [
            ['Response', 'Success'],
            ['ActionID', '2'],
          ],
        },
        {
          kind: 'event',
          name: 'D',
          fields: [
            ['Event', 'D'],
            ['Y', 'a:b'],
          ],
        },
      ],
    );
  });

  it('keeps a keyless first line as a key with an empty value and strips only one space after the colon', () => {
    expectEveryCut(b('junk line\r\nKey:v\r\nKey2:  two\r\n\r\n'), [
      {
        kind: 'unknown',
        name: '',
        fields: [
          ['junk line', ''],
          ['Key', 'v'],
          ['Key2', ' two'],
        ],
      },
    ]);
  });

  it('keeps repeated keys in order, values with ": " whole and empty values empty', () => {
    const [msg] = new AmiFramer().push(
      b('Event: VarSet\r\nChanVariable: a=1\r\nChanVariable: b=2\r\nValue: x: y: z\r\nAccountCode: \r\n\r\n'),
    );
    expect(msg?.fields).toEqual([
      ['Event', 'VarSet'],
      ['ChanVariable', 'a=1'],
      ['ChanVariable', 'b=2'],
      ['Value', 'x: y: z'],
      ['AccountCode', ''],
    ]);
    expect(amiFields(msg!, 'chanvariable')).toEqual(['a=1', 'b=2']);
  });

  it('survives a cut at every byte, including inside a UTF-8 character and between CR and LF', () => {
    const bytes = b('Asterisk Call Manager/11.0.0\r\nEvent: Newchannel\r\nCallerIDName: Zoë Ærøskøbing 日本\r\n\r\n');
    expectEveryCut(bytes, [
      { kind: 'banner', name: 'Asterisk Call Manager/11.0.0', fields: [] },
      {
        kind: 'event',
        name: 'Newchannel',
        fields: [
          ['Event', 'Newchannel'],
          ['CallerIDName', 'Zoë Ærøskøbing 日本'],
        ],
      },
    ]);
  });

  it('decodes a UTF-8 name fed one byte at a time', () => {
    const framer = new AmiFramer();
    const out: AmiMessage[] = [];
    for (const byte of b('Event: X\r\nName: Влад\r\n\r\n')) out.push(...framer.push(Buffer.from([byte])));
    expect(amiField(out[0]!, 'Name')).toBe('Влад');
  });

  it('collects old-form Command output (Response: Follows) up to --END COMMAND--, empty lines included', () => {
    const bytes = b(
      'Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\n' +
        'Channel   Location\nFoo: not a header\n\n  indented\n--END COMMAND--\r\n\r\n' +
        'Event: Next\r\n\r\n',
    );
    expectEveryCut(bytes, [
      {
        kind: 'response',
        name: 'Follows',
        fields: [
          ['Response', 'Follows'],
          ['Privilege', 'Command'],
          ['ActionID', '7'],
        ],
        output: ['Channel   Location', 'Foo: not a header', '', '  indented'],
      },
      { kind: 'event', name: 'Next', fields: [['Event', 'Next']] },
    ]);
  });

  it('takes the last output line when --END COMMAND-- follows it without a newline', () => {
    const [msg] = new AmiFramer().push(
      b('Response: Follows\r\nPrivilege: Command\r\nNo such command--END COMMAND--\r\n\r\n'),
    );
    expect(msg?.output).toEqual(['No such command']);
  });

  it('collects new-form Command output (Output: lines) in order, keeping indentation and empty lines', () => {
    const [msg] = new AmiFramer().push(
      b(
        'Response: Success\r\nActionID: 1\r\nMessage: Command output follows\r\nOutput: a\r\nOutput:    b\r\nOutput: \r\n\r\n',
      ),
    );
    expect(msg?.output).toEqual(['a', '   b', '']);
    expect(amiFields(msg!, 'Output')).toEqual(['a', '   b', '']);
  });

  it('keeps a keyless line as a continuation of the previous value', () => {
    const [msg] = new AmiFramer().push(b('Event: Agents\r\nName: a\nb\r\n\r\n'));
    expect(msg?.fields).toEqual([
      ['Event', 'Agents'],
      ['Name', 'a\nb'],
    ]);
  });

  it('reports offsets and lengths in stream bytes, skipping blank lines between messages', () => {
    const framer = new AmiFramer();
    const frames: AmiFrame[] = [
      ...framer.pushFrames(b('Asterisk Call Manager/11.0.0\r\n')),
      ...framer.pushFrames(b('\r\nEvent: A\r\n\r\nEv')),
      ...framer.pushFrames(b('ent: B\r\n\r\n')),
    ];
    expect(frames.map((f) => (f.ok ? [f.message.name, f.offset, f.length] : f.fault.code))).toEqual([
      ['Asterisk Call Manager/11.0.0', 0, 30],
      ['A', 32, 12],
      ['B', 44, 12],
    ]);
  });

  it('drops a message over the size limit with a typed fault and resumes at the next message', () => {
    const framer = new AmiFramer({ maxMessageBytes: 64 });
    const frames: AmiFrame[] = [];
    frames.push(...framer.pushFrames(b('Event: Big\r\n')));
    for (let i = 0; i < 20; i++) frames.push(...framer.pushFrames(b(`Junk: ${'x'.repeat(30)}\r\n`)));
    frames.push(...framer.pushFrames(b('\r\nEvent: Small\r\n\r\n')));
    const faults = frames.filter((f) => !f.ok);
    expect(faults).toEqual([{ ok: false, fault: expect.objectContaining({ code: 'message_too_long', offset: 0 }) }]);
    expect(frames.filter((f) => f.ok).map((f) => f.message.name)).toEqual(['Small']);
    expect(framer.counters.oversizeMessages).toBe(1);
    expect(framer.counters.discardedBytes).toBeGreaterThan(64);
    expect(framer.pendingBytes).toBe(0);
  });

  it('keeps memory bounded on a stream of garbage with no line end at all', () => {
    const framer = new AmiFramer({ maxMessageBytes: 1024 });
    for (let i = 0; i < 100; i++) framer.push(Buffer.alloc(1000, 0x41));
    expect(framer.pendingBytes).toBeLessThanOrEqual(1);
    expect(framer.counters.oversizeMessages).toBe(1);
    expect(framer.push(b('\n\r\nEvent: After\r\n\r\n')).map((m) => m.name)).toEqual(['After']);
  });

  it('drops an oversize message that arrives complete in a single read', () => {
    const framer = new AmiFramer({ maxMessageBytes: 32 });
    const msgs = framer.push(b(`Event: Big\r\nX: ${'y'.repeat(64)}\r\n\r\nEvent: Ok\r\n\r\n`));
    expect(msgs.map((m) => m.name)).toEqual(['Ok']);
    expect(framer.counters.oversizeMessages).toBe(1);
  });

  it('labels a message whose first key is neither Response nor Event as unknown', () => {
    expect(new AmiFramer().push(b('Foo: bar\r\n\r\n'))).toEqual([
      { kind: 'unknown', name: '', fields: [['Foo', 'bar']] },
    ]);
  });
});
