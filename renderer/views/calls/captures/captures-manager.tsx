// Every imported capture with what it holds, to browse one or delete it. Deleting asks first:
// it removes the capture's calls and messages from the database for good.
import { Fragment, useState } from 'react';
import type { CaptureInfo } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { TrashIcon } from '../../../components/icons.tsx';
import { Modal } from '../../../components/modal.tsx';
import { Notice } from '../../../components/notice.tsx';
import { formatBytes } from '../../../format/bytes.ts';
import { formatDateTime } from '../../../format/clock.ts';
import { formatCount } from '../../../format/counts.ts';
import { callsText, captureSpan, messagesText } from './capture-text.ts';

export interface CapturesManagerProps {
  captures: readonly CaptureInfo[];
  current: number;
  onBrowse: (capture: number) => void;
  /** After a delete: the list changed (and the current capture may be gone). */
  onDeleted: (capture: number) => void;
  onClose: () => void;
}

export function CapturesManager({ captures, current, onBrowse, onDeleted, onClose }: CapturesManagerProps) {
  const client = useClient();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onDelete = async (c: CaptureInfo): Promise<void> => {
    setDeleting(c.id);
    setError(null);
    const r = await client.invoke('captures.delete', { id: c.id });
    setDeleting(null);
    setConfirming(null);
    if (r.ok) onDeleted(c.id);
    else setError(`“${c.name}” could not be deleted: ${r.message}`);
  };

  return (
    <Modal
      title="Imported captures"
      subtitle="Capture files opened in PBXScope, kept apart from live traffic until you delete them."
      onClose={onClose}
      testId="captures-manager"
      size="wide"
      footer={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {error && <Notice tone="error">{error}</Notice>}
      {captures.length === 0 ? (
        <p className="muted">No capture is imported. Open a pcap, pcapng or .pbxscope file to browse it here.</p>
      ) : (
        <table className="captures-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Time span</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col" className="num">
                Calls
              </th>
              <th scope="col" className="num">
                Messages
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {captures.map((c) => (
              <Fragment key={c.id}>
                <tr data-testid="capture-row" data-capture-id={c.id}>
                  <td className="captures-table__name-cell">
                    <span className="captures-table__name">{c.name}</span>
                    <span className="captures-table__meta muted">
                      {c.format} · imported {formatDateTime(c.importedAt).slice(0, 16)}
                      {c.id === current ? ' · shown now' : ''}
                    </span>
                  </td>
                  <td className="num">{captureSpan(c)}</td>
                  <td className="num">{formatBytes(c.fileBytes)}</td>
                  <td className="num">{formatCount(c.calls)}</td>
                  <td className="num">{formatCount(c.messages)}</td>
                  <td className="captures-table__actions">
                    <button
                      type="button"
                      className="button"
                      onClick={() => onBrowse(c.id)}
                      disabled={c.id === current}
                      data-testid="capture-browse"
                    >
                      Browse
                    </button>
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => setConfirming(c.id)}
                      disabled={confirming === c.id}
                      aria-label={`Delete ${c.name}`}
                      title="Delete this capture"
                      data-testid="capture-delete"
                    >
                      <TrashIcon size={15} />
                    </button>
                  </td>
                </tr>
                {confirming === c.id && (
                  <tr className="captures-confirm-row">
                    <td colSpan={6}>
                      <span className="captures-confirm" role="alert" data-testid="capture-delete-confirm">
                        Delete “{c.name}” with its {callsText(c.calls)} and {messagesText(c.messages)}? This cannot be
                        undone.
                        <button
                          type="button"
                          className="button button--danger"
                          onClick={() => void onDelete(c)}
                          disabled={deleting === c.id}
                          data-testid="capture-delete-yes"
                        >
                          {deleting === c.id ? 'Deleting…' : 'Delete'}
                        </button>
                        <button type="button" className="button button--quiet" onClick={() => setConfirming(null)}>
                          Keep
                        </button>
                      </span>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}
