// The selected message: where it went and when, its SDP in one glance, then the raw text.
import type { SdpSummaryView, SipMessageRow } from '../../../../shared/contract.ts';
import { CopyButton } from '../../../components/copy-button.tsx';
import { formatDateTime } from '../../../format/clock.ts';
import { hostPort } from '../../../onboarding/send-target.ts';
import { RawSip } from './raw-sip.tsx';

export function MessagePane({ message, sdp }: { message: SipMessageRow | undefined; sdp: SdpSummaryView | null }) {
  if (!message) {
    return (
      <aside className="message-pane message-pane--empty" data-testid="message-pane">
        <p className="muted">Select a message in the ladder to read it.</p>
      </aside>
    );
  }
  const title = message.method ?? `${message.status ?? ''} ${message.reason ?? ''}`.trim();
  return (
    <aside className="message-pane" data-testid="message-pane" aria-label="Selected message">
      <header className="message-pane__head">
        <div className="message-pane__title">
          <strong>{title}</strong>
          {message.retransmission && <span className="tag tag--warn">retransmission</span>}
          {message.malformed && (
            <span className="tag tag--bad" title={message.malformed}>
              malformed
            </span>
          )}
        </div>
        <CopyButton text={message.raw} />
        <p className="message-pane__meta num">
          {hostPort(message.srcIp, message.srcPort)} → {hostPort(message.dstIp, message.dstPort)} ·{' '}
          {message.transport.toUpperCase()} · {formatDateTime(message.ts)} · CSeq {message.cseq} {message.cseqMethod}
        </p>
      </header>
      {sdp && <SdpSummary sdp={sdp} />}
      <RawSip raw={message.raw} />
    </aside>
  );
}

function SdpSummary({ sdp }: { sdp: SdpSummaryView }) {
  return (
    <section className="sdp" data-testid="sdp-summary" aria-label="SDP summary">
      <h3 className="sdp__title">SDP</h3>
      <dl className="sdp__grid">
        <dt>Connection</dt>
        <dd className="num">{sdp.connection || '—'}</dd>
        {sdp.media.map((m, i) => (
          <MediaLine key={i} media={m} />
        ))}
      </dl>
    </section>
  );
}

function MediaLine({ media }: { media: SdpSummaryView['media'][number] }) {
  return (
    <>
      <dt>{media.type}</dt>
      <dd className="num">
        port {media.port === 0 ? '0 (rejected)' : media.port} · {media.proto} ·{' '}
        <span className={`sdp__dir sdp__dir--${media.direction}`}>{media.direction}</span>
      </dd>
      <dt className="sdp__sub">codecs</dt>
      <dd className="sdp__codecs">{media.codecs.join(', ') || '—'}</dd>
    </>
  );
}
