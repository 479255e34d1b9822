// Confirmation for an AMI write action (hang up, pause, unpause): says what will happen, sends it
// only on an explicit click, then shows the PBX's own answer (Asterisk's Response and Message), so
// "Success: Channel Hungup" or "Error: No such channel" is read from the PBX, not guessed.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { RpcResult } from '../../../../shared/contract.ts';

export interface AmiActionAnswer {
  response: 'Success' | 'Error';
  message: string;
}

type Phase =
  | { kind: 'ask' }
  | { kind: 'running' }
  | { kind: 'answered'; answer: AmiActionAnswer }
  | { kind: 'failed'; error: string };

export interface AmiActionDialogProps {
  title: string;
  /** What will happen, in plain words; may hold inputs (a pause reason). */
  children: ReactNode;
  confirmLabel: string;
  /** Red confirm button for actions that cut a call. */
  danger?: boolean;
  run: () => Promise<RpcResult<AmiActionAnswer>>;
  onClose: () => void;
  testId?: string;
}

export function AmiActionDialog({ title, children, confirmLabel, danger, run, onClose, testId }: AmiActionDialogProps) {
  const [phase, setPhase] = useState<Phase>({ kind: 'ask' });
  const titleId = useId();
  const boxRef = useRef<HTMLDivElement | null>(null);
  const cancelRef = useRef<HTMLButtonElement | null>(null);
  const closeRef = useRef<HTMLButtonElement | null>(null);
  const mounted = useRef(true);

  // Cancel is the safe default for a destructive action; once answered, Close takes the focus.
  useEffect(() => {
    mounted.current = true;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    cancelRef.current?.focus();
    return () => {
      mounted.current = false;
      before?.focus();
    };
  }, []);
  useEffect(() => {
    if (phase.kind === 'answered' || phase.kind === 'failed') closeRef.current?.focus();
  }, [phase.kind]);

  async function confirm(): Promise<void> {
    setPhase({ kind: 'running' });
    const result = await run();
    if (!mounted.current) return;
    setPhase(result.ok ? { kind: 'answered', answer: result.result } : { kind: 'failed', error: result.message });
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    // Keys stay inside the dialog: the views behind it must not see a Delete or a digit.
    e.stopPropagation();
    if (e.key === 'Escape' && phase.kind !== 'running') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'Tab') {
      trapTab(e, boxRef.current);
    }
  };

  const done = phase.kind === 'answered' || phase.kind === 'failed';
  return createPortal(
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && !done && phase.kind !== 'running' && onClose()}
    >
      <div
        ref={boxRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId ?? 'ami-action-dialog'}
        onKeyDown={onKeyDown}
      >
        <h2 className="dialog__title" id={titleId}>
          {title}
        </h2>
        <div className="dialog__body">{children}</div>
        {phase.kind === 'answered' && (
          <p
            className={`dialog__answer dialog__answer--${phase.answer.response === 'Success' ? 'ok' : 'bad'}`}
            role="status"
            data-testid="ami-action-answer"
          >
            <span className="dialog__answer-label">PBX answered</span> {phase.answer.response}
            {phase.answer.message ? `: ${phase.answer.message}` : ''}
          </p>
        )}
        {phase.kind === 'failed' && (
          <p className="dialog__answer dialog__answer--bad" role="alert" data-testid="ami-action-answer">
            <span className="dialog__answer-label">Not sent</span> {phase.error}
          </p>
        )}
        <div className="dialog__actions">
          {done ? (
            <button ref={closeRef} type="button" className="button" onClick={onClose}>
              Close
            </button>
          ) : (
            <>
              <button
                ref={cancelRef}
                type="button"
                className="button button--quiet"
                disabled={phase.kind === 'running'}
                onClick={onClose}
              >
                Cancel
              </button>
              <button
                type="button"
                className={`button ${danger ? 'button--danger' : 'button--primary'}`}
                disabled={phase.kind === 'running'}
                data-testid="ami-action-confirm"
                onClick={() => void confirm()}
              >
                {phase.kind === 'running' ? 'Sending…' : confirmLabel}
              </button>
            </>
          )}
        </div>
      </div>
    </div>,
    document.body,
  );
}

/** Keeps Tab and Shift+Tab cycling through the dialog's own controls. */
function trapTab(e: KeyboardEvent<HTMLDivElement>, box: HTMLElement | null): void {
  if (!box) return;
  const focusable = Array.from(
    box.querySelectorAll<HTMLElement>('button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea'),
  );
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
