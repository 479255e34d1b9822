import { describe, expect, it } from 'vitest';
import { proxiedCall } from '../../../testing/fake-calls.ts';
import { MAX_SDP_MEDIA, parseSdp } from './sdp-summary.ts';

const head = 'INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\n\r\n';

describe('parseSdp', () => {
  it('reads connection, media port, protocol, codecs by rtpmap or static payload, and direction', () => {
    const offer = proxiedCall().messages[0]!.raw;
    expect(parseSdp(offer)).toEqual({
      connection: '10.0.0.10',
      media: [
        {
          type: 'audio',
          port: 40000,
          proto: 'RTP/AVP',
          codecs: ['PCMA', 'PCMU', 'telephone-event'],
          direction: 'sendrecv',
        },
      ],
    });
  });

  it('names static payloads without rtpmap and takes a media-level direction over the session one', () => {
    const raw = `${head}v=0\r\nc=IN IP4 192.0.2.5/127\r\na=sendonly\r\nm=audio 4000 RTP/AVP 0 18\r\nm=video 0 RTP/AVP 96\r\na=inactive\r\n`;
    expect(parseSdp(raw)).toEqual({
      connection: '192.0.2.5',
      media: [
        { type: 'audio', port: 4000, proto: 'RTP/AVP', codecs: ['PCMU', 'G729'], direction: 'sendonly' },
        { type: 'video', port: 0, proto: 'RTP/AVP', codecs: ['96'], direction: 'inactive' },
      ],
    });
  });

  it('uses the first media-level connection when the session has none', () => {
    const raw = `${head}v=0\r\nm=audio 4000 RTP/AVP 8\r\nc=IN IP6 2001:db8::1\r\n`;
    expect(parseSdp(raw)?.connection).toBe('2001:db8::1');
  });

  it('finds the SDP part of a multipart body and stops at its boundary', () => {
    const raw = `${head}--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nc=IN IP4 10.1.1.1\r\nm=audio 5000 RTP/AVP 8\r\n--b1\r\nContent-Type: application/isup\r\n\r\nx=1\r\n--b1--\r\n`;
    expect(parseSdp(raw)).toEqual({
      connection: '10.1.1.1',
      media: [{ type: 'audio', port: 5000, proto: 'RTP/AVP', codecs: ['PCMA'], direction: 'sendrecv' }],
    });
  });

  it('returns null for a message without SDP and bounds the media lines it reads', () => {
    expect(parseSdp('SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\n')).toBeNull();
    expect(parseSdp('OPTIONS sip:x SIP/2.0')).toBeNull();
    const many = `${head}v=0\r\n${'m=audio 1 RTP/AVP 0\r\n'.repeat(MAX_SDP_MEDIA + 5)}`;
    expect(parseSdp(many)?.media).toHaveLength(MAX_SDP_MEDIA);
  });
});
