// One PBX connection: where it points, whether it is connected and, when not, why (the last error
// and the retry countdown), what the PBX announced, and whether actions are allowed. Edit, test,
// pause (disable) and delete from here.
import { useState, type ReactNode } from 'react';
import type { AmiConnectionInfo, ResultOf } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { Notice } from '../../../components/notice.tsx';
import { formatClock, formatDateTime, isSameLocalDay } from '../../../format/clock.ts';
import { formatCount } from '../../../format/counts.ts';
import { ConnectionStatusBadge } from './connection-status.tsx';
import { TestResult } from './test-result.tsx';

export interface ConnectionCardProps {
  info: AmiConnectionInfo;
  receivedAtMs: number;
  onEdit: () => void;
  /** After a change the core confirmed (enable switch, delete): reload the list. */
  onChanged: () => void;
}

type TestState = { running: true } | { running: false; result: ResultOf<'ami.connections.test'> } | null;

export function ConnectionCard({ info, receivedAtMs, onEdit, onChanged }: ConnectionCardProps) {
  const client = useClient();
  const [test, setTest] = useState<TestState>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function runTest(): Promise<void> {
    setTest({ running: true });
    const result = await client.invoke('ami.connections.test', { id: info.id });
    setTest({ running: false, result: result.ok ? result.result : { ok: false, error: result.message } });
  }

  async function setEnabled(enabled: boolean): Promise<void> {
    setBusy(true);
    setError(null);
    const { id, name, host, port, username, tls, tlsVerify, color, actionsEnabled } = info;
    const result = await client.invoke('ami.connections.save', {
      id,
      name,
      host,
      port,
      username,
      tls,
      tlsVerify,
      color,
      actionsEnabled,
      enabled,
    });
    setBusy(false);
    if (result.ok) onChanged();
    else setError(`Could not ${enabled ? 'connect' : 'disconnect'}: ${result.message}`);
  }

  async function remove(): Promise<void> {
    setBusy(true);
    setError(null);
    const result = await client.invoke('ami.connections.delete', { id: info.id });
    setBusy(false);
    setConfirmDelete(false);
    if (result.ok) onChanged();
    else setError(`Could not delete: ${result.message}`);
  }

  const troubled = info.status === 'failed' || info.status === 'reconnecting';
  return (
    <article
      className={`card ami-card${info.enabled ? '' : ' ami-card--off'}`}
      style={{ ['--pbx-color' as string]: info.color }}
      data-testid={`ami-connection-${info.name}`}
      aria-label={`PBX ${info.name}`}
    >
      <header className="card__head">
        <div className="ami-card__title">
          <span className="ami-card__swatch" aria-hidden="true" />
          <div>
            <h3 className="card__title">{info.name}</h3>
            <p className="card__subtitle num">
              {info.username}@{info.host}:{info.port}
            </p>
          </div>
        </div>
        <div className="ami-card__state">
          <ConnectionStatusBadge info={info} receivedAtMs={receivedAtMs} />
          <label className="switch" title={info.enabled ? 'Disconnect and stop retrying' : 'Connect'}>
            <input
              type="checkbox"
              role="switch"
              checked={info.enabled}
              disabled={busy}
              aria-label={`${info.name} connected`}
              onChange={(e) => void setEnabled(e.target.checked)}
            />
            <span className="switch__track" aria-hidden="true" />
          </label>
        </div>
      </header>

      {troubled && info.lastError && (
        <Notice tone="error" testId="ami-last-error">
          {info.status === 'failed' ? 'Not connected: ' : 'Connection lost: '}
          <strong>{info.lastError}</strong>
          {info.lastError.includes('authentication') && (
            <span className="ami-card__hint">
              {' '}
              Check the username and secret against manager.conf, and its permit/deny.
            </span>
          )}
        </Notice>
      )}

      <dl className="ami-facts">
        <Fact label="Security">
          {info.tls ? (
            info.tlsVerify ? (
              'TLS, certificate verified'
            ) : (
              <span className="warn-text">TLS, certificate not verified</span>
            )
          ) : (
            'Plain TCP'
          )}
        </Fact>
        <Fact label="Actions">
          {info.actionsEnabled ? (
            <span className="warn-text" data-testid="ami-actions-on">
              Hang-up and pause allowed
            </span>
          ) : (
            'Read-only'
          )}
        </Fact>
        <Fact label="PBX">
          {info.asteriskVersion ? `Asterisk ${info.asteriskVersion}` : '—'}
          {info.amiVersion ? <span className="muted"> · AMI {info.amiVersion}</span> : null}
        </Fact>
        <Fact label="Connected since">
          {info.status === 'connected' && info.connectedAt !== undefined ? (
            <span title={formatDateTime(info.connectedAt)}>
              {isSameLocalDay(info.connectedAt)
                ? formatClock(info.connectedAt).slice(0, 8)
                : formatDateTime(info.connectedAt).slice(0, 16)}
            </span>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label="Events">{formatCount(info.eventsReceived)}</Fact>
        <Fact label="Secret">{info.hasSecret ? 'Stored' : <span className="warn-text">Missing</span>}</Fact>
      </dl>

      {test && <TestResult running={test.running} result={test.running ? null : test.result} />}
      {error && <Notice tone="error">{error}</Notice>}

      {confirmDelete ? (
        <div className="ami-card__confirm" role="group" aria-label="Confirm delete">
          <span>
            Delete <strong>{info.name}</strong>? Its channels and queues leave every view; stored history stays until
            retention removes it.
          </span>
          <button type="button" className="button button--quiet" onClick={() => setConfirmDelete(false)} autoFocus>
            Keep
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={busy}
            data-testid="ami-delete-confirm"
            onClick={() => void remove()}
          >
            Delete
          </button>
        </div>
      ) : (
        <div className="ami-card__actions">
          <button type="button" className="button" onClick={onEdit} data-testid="ami-edit">
            Edit
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void runTest()}
            disabled={test?.running === true}
            data-testid="ami-card-test"
          >
            {test?.running ? 'Testing…' : 'Test'}
          </button>
          <span className="ami-form__spacer" />
          <button
            type="button"
            className="button button--quiet ami-card__delete"
            onClick={() => setConfirmDelete(true)}
            data-testid="ami-delete"
          >
            Delete
          </button>
        </div>
      )}
    </article>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="ami-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
