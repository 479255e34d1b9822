// Every header of one event, in the order the PBX sent them (repeated keys kept), with when it
// arrived and from which PBX.
import { useContext } from 'react';
import type { AmiEventRow } from '../../../../shared/contract.ts';
import { CopyButton } from '../../../components/copy-button.tsx';
import { formatDateTime } from '../../../format/clock.ts';
import { PbxTag } from '../../sources/ami/pbx-tag.tsx';
import { PbxDirectoryContext } from '../board/channel-columns.tsx';

export function EventDetail({ event, onClose }: { event: AmiEventRow; onClose: () => void }) {
  const pbx = useContext(PbxDirectoryContext).get(event.pbx);
  const raw = event.fields.map(([k, v]) => `${k}: ${v}`).join('\n');
  return (
    <aside className="event-detail" aria-label={`${event.name} event`} data-testid="event-detail">
      <header className="event-detail__head">
        <div>
          <h3 className="event-detail__name">{event.name}</h3>
          <p className="event-detail__meta muted num">
            <PbxTag id={event.pbx} pbx={pbx} />
            <span>received {formatDateTime(event.ts)}</span>
          </p>
        </div>
        <div className="event-detail__tools">
          <CopyButton text={raw} label="Copy" />
          <button type="button" className="button button--quiet" onClick={onClose} aria-label="Close event">
            ✕
          </button>
        </div>
      </header>
      <dl className="event-detail__fields">
        {event.fields.map(([k, v], i) => (
          <div key={`${i}-${k}`} className="event-field">
            <dt>{k}</dt>
            <dd>{v === '' ? <span className="muted">(empty)</span> : v}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
