// The designed "nothing here yet" page of a data view: what it will show, then how to feed it.
import type { ReactNode } from 'react';

export interface EmptyStateProps {
  testId: string;
  icon: ReactNode;
  title: string;
  /** One sentence: what this view shows once data arrives. */
  lead: string;
  children?: ReactNode;
}

export function EmptyState({ testId, icon, title, lead, children }: EmptyStateProps) {
  return (
    <section className="empty" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <header className="empty__intro">
        <div className="empty__icon">{icon}</div>
        <div>
          <h2 className="empty__title" id={`${testId}-title`}>
            {title}
          </h2>
          <p className="empty__lead">{lead}</p>
        </div>
      </header>
      {children}
    </section>
  );
}
