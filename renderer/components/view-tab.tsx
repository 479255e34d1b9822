// One tab of a view's tab strip (Calls: list / statistics; Channels: board / endpoints / console).
import type { ReactNode } from 'react';

export interface ViewTabProps<T extends string> {
  id: T;
  current: T;
  onTab: (t: T) => void;
  icon: ReactNode;
  label: string;
  /** Prefix of the test id: `${testPrefix}-${id}`. */
  testPrefix: string;
}

export function ViewTab<T extends string>({ id, current, onTab, icon, label, testPrefix }: ViewTabProps<T>) {
  const on = id === current;
  return (
    <button
      type="button"
      role="tab"
      aria-selected={on}
      className={`tab${on ? ' tab--on' : ''}`}
      data-testid={`${testPrefix}-${id}`}
      onClick={() => onTab(id)}
    >
      {icon}
      {label}
    </button>
  );
}
