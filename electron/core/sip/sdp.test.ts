import { describe, expect, it } from 'vitest';
import { parseSdp, MAX_SDP_MEDIA } from './sdp.ts';

const lines = (...l: string[]): string => l.join('\r\n') + '\r\n';

describe('SDP summary', () => {
  it('summarises several media lines with rtpmap and static codecs, ports and directions', () => {
    const sdp = parseSdp(
      lines(
        'v=0',
        'o=- 1 1 IN IP4 192.0.2.10',
        's=-',
        'c=IN IP4 192.0.2.10',
        't=0 0',
        'a=sendrecv',
        'm=audio 49170 RTP/AVP 0 8 18 101',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ptime:20',
        'm=video 51372 RTP/AVP 96 34',
        'c=IN IP4 192.0.2.20/127',
        'a=rtpmap:96 H264/90000',
        'a=recvonly',
        'm=image 0 udptl t38',
      ),
    );
    expect(sdp).toEqual({
      connection: '192.0.2.10',
      sessionDirection: 'sendrecv',
      media: [
        {
          type: 'audio',
          port: 49170,
          proto: 'RTP/AVP',
          codecs: ['PCMU', 'PCMA', 'G729', 'telephone-event'],
          direction: 'sendrecv',
        },
        {
          type: 'video',
          port: 51372,
          proto: 'RTP/AVP',
          codecs: ['H264', 'H263'],
          direction: 'recvonly',
          connection: '192.0.2.20',
        },
        { type: 'image', port: 0, proto: 'udptl', codecs: ['t38'], direction: 'sendrecv' },
      ],
    });
  });

  it('lets media inherit the session direction (hold) and takes the media connection when the session has none', () => {
    const sdp = parseSdp(
      lines(
        'v=0',
        'a=sendonly',
        'm=audio 4000 RTP/AVP 9 101',
        'c=IN IP6 2001:db8::7',
        'a=rtpmap:101 telephone-event/8000',
      ),
    );
    expect(sdp.sessionDirection).toBe('sendonly');
    expect(sdp.media[0]?.direction).toBe('sendonly');
    expect(sdp.media[0]?.codecs).toEqual(['G722', 'telephone-event']);
    expect(sdp.connection).toBe('2001:db8::7');
  });

  it('names dynamic payloads without rtpmap by their number and reads bare-LF bodies', () => {
    const sdp = parseSdp(
      'v=0\nc=IN IP4 10.0.0.1\nm=audio 5004/2 RTP/SAVP 111 97\na=rtpmap:111 opus/48000/2\na=inactive\n',
    );
    expect(sdp.media[0]).toEqual({
      type: 'audio',
      port: 5004,
      proto: 'RTP/SAVP',
      codecs: ['opus', '97'],
      direction: 'inactive',
    });
  });

  it('gives an empty summary for a body that is not SDP', () => {
    expect(parseSdp(Buffer.from([0xff, 0x00, 0x3d, 0x0a]))).toEqual({
      connection: '',
      media: [],
      sessionDirection: 'sendrecv',
    });
  });

  it('summarises at most MAX_SDP_MEDIA media lines', () => {
    const many = lines('v=0', ...Array.from({ length: MAX_SDP_MEDIA + 5 }, (_, i) => `m=audio ${2000 + i} RTP/AVP 0`));
    expect(parseSdp(many).media).toHaveLength(MAX_SDP_MEDIA);
  });
});
