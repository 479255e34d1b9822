import { describe, expect, it } from 'vitest';
import { sipLines } from './sip-text.ts';

describe('sipLines', () => {
  it('types the start line, headers, folded continuations, the blank line and SDP lines', () => {
    const raw =
      'INVITE sip:b@x SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1\r\nSubject: a\r\n long subject\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nm=audio 4000 RTP/AVP 0\r\n';
    expect(sipLines(raw)).toEqual([
      { kind: 'start', text: 'INVITE sip:b@x SIP/2.0' },
      { kind: 'header', name: 'Via', value: ' SIP/2.0/UDP 10.0.0.1' },
      { kind: 'header', name: 'Subject', value: ' a' },
      { kind: 'continuation', text: ' long subject' },
      { kind: 'header', name: 'Content-Type', value: ' application/sdp' },
      { kind: 'blank' },
      { kind: 'sdp', key: 'v', value: '0' },
      { kind: 'sdp', key: 'm', value: 'audio 4000 RTP/AVP 0' },
    ]);
  });

  it('keeps a non-SDP body and a header line without a colon as plain text', () => {
    expect(sipLines('MESSAGE sip:b SIP/2.0\nbroken header\n\nhello there')).toEqual([
      { kind: 'start', text: 'MESSAGE sip:b SIP/2.0' },
      { kind: 'body', text: 'broken header' },
      { kind: 'blank' },
      { kind: 'body', text: 'hello there' },
    ]);
  });
});
