// An inline message box: info (neutral), warning (needs attention), error (something failed).
import type { ReactNode } from 'react';
import { InfoIcon, WarningIcon } from './icons.tsx';

export type NoticeTone = 'info' | 'warning' | 'error';

export function Notice({ tone, children, testId }: { tone: NoticeTone; children: ReactNode; testId?: string }) {
  return (
    <div className={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {tone === 'info' ? <InfoIcon size={16} /> : <WarningIcon size={16} />}
      <div className="notice__body">{children}</div>
    </div>
  );
}
