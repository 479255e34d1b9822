// Sources > Asterisk PBXs: every AMI connection as a card with its live status, an add form, and
// edit in place. Mounted by the Sources view; the Channels and Queues views read the same list.
import { useState } from 'react';
import { Notice } from '../../../components/notice.tsx';
import { ConnectionCard } from './connection-card.tsx';
import { ConnectionForm } from './connection-form.tsx';
import { useAmiConnections } from './use-ami-connections.ts';

/** Which card is a form right now: none, the new one, or an existing connection by id. */
type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; id: string };

export function AmiConnectionsSection() {
  const { list, error, receivedAtMs, reload } = useAmiConnections();
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const usedColors = (list ?? []).map((c) => c.color);

  const done = (): void => {
    setEditing({ kind: 'none' });
    void reload();
  };

  return (
    <section className="page-section" aria-labelledby="sources-ami" data-testid="ami-connections">
      <div className="page-section__head ami-section__head">
        <div>
          <h2 id="sources-ami">Asterisk PBXs (AMI)</h2>
          <p className="muted">
            PBXScope logs in to each PBX&apos;s Asterisk Manager Interface for the Channels and Queues views. It is
            read-only unless you allow actions on a connection.
          </p>
        </div>
        {editing.kind !== 'new' && (
          <button
            type="button"
            className="button button--primary"
            data-testid="ami-add"
            onClick={() => setEditing({ kind: 'new' })}
          >
            Add PBX
          </button>
        )}
      </div>
      {error && (
        <Notice tone="error" testId="ami-list-error">
          Could not load the PBX connections: {error}
        </Notice>
      )}
      {list === null && !error && <p className="muted">Loading PBX connections…</p>}
      {editing.kind === 'new' && <ConnectionForm usedColors={usedColors} onDone={done} />}
      {list !== null && list.length === 0 && editing.kind !== 'new' && (
        <p className="ami-section__none muted" data-testid="ami-none">
          No PBX yet. Add one with the address of its AMI (port 5038, or 5039 with TLS) and a manager.conf user.
        </p>
      )}
      {list !== null && list.length > 0 && (
        <div className="card-grid ami-grid">
          {list.map((info) =>
            editing.kind === 'edit' && editing.id === info.id ? (
              <ConnectionForm
                key={info.id}
                editing={info}
                usedColors={usedColors.filter((c) => c !== info.color)}
                onDone={done}
              />
            ) : (
              <ConnectionCard
                key={info.id}
                info={info}
                receivedAtMs={receivedAtMs}
                onEdit={() => setEditing({ kind: 'edit', id: info.id })}
                onChanged={() => void reload()}
              />
            ),
          )}
        </div>
      )}
    </section>
  );
}
