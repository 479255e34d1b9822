// The quick filter (substring over Call-ID, number, IP, user agent; `/` focuses it) and compact
// structured fields: method, state, final code, user, IP, time range. Edits apply as typed; the
// list debounces them before asking the core.
import type { KeyboardEvent, RefObject } from 'react';
import { SearchIcon } from '../../../components/icons.tsx';
import { CALL_STATES, STATE_LABELS } from '../state-badge.tsx';
import {
  EMPTY_FILTER,
  TIME_RANGES,
  TIME_RANGE_LABELS,
  isFilterActive,
  type CallFilter,
  type TimeRange,
} from './call-filter.ts';
import { ChoiceSelect, plainChoices } from '../../../components/choice-select.tsx';

/** Methods offered in the picker: sngrep's filter list, in order of how often they open a dialog. */
export const FILTER_METHODS = [
  'INVITE',
  'REGISTER',
  'OPTIONS',
  'SUBSCRIBE',
  'NOTIFY',
  'MESSAGE',
  'PUBLISH',
  'REFER',
  'INFO',
  'UPDATE',
] as const;

const METHOD_CHOICES = plainChoices(FILTER_METHODS);
const STATE_CHOICES = CALL_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }));
const RANGE_CHOICES = TIME_RANGES.map((r) => ({ value: r, label: TIME_RANGE_LABELS[r] }));

export interface FilterBarProps {
  filter: CallFilter;
  onChange: (next: CallFilter) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  /** Escape in an empty search box hands the keyboard back to the table. */
  onLeave: () => void;
}

export function FilterBar({ filter, onChange, searchRef, onLeave }: FilterBarProps) {
  const set = <K extends keyof CallFilter>(key: K, value: CallFilter[K]): void => onChange({ ...filter, [key]: value });

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (filter.q !== '') set('q', '');
      else onLeave();
    } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
      e.preventDefault();
      onLeave();
    }
  };

  return (
    <div className="filter-bar" role="search" aria-label="Filter calls">
      <label className="quick-filter">
        <SearchIcon size={15} />
        <input
          ref={searchRef}
          type="text"
          className="quick-filter__input"
          placeholder="Filter by Call-ID, number, IP, user agent"
          aria-label="Quick filter"
          data-testid="calls-quick-filter"
          spellCheck={false}
          autoComplete="off"
          value={filter.q}
          onChange={(e) => set('q', e.target.value)}
          onKeyDown={onSearchKey}
        />
        <kbd className="quick-filter__key" aria-hidden="true">
          /
        </kbd>
      </label>
      <ChoiceSelect
        label="Method"
        value={filter.method}
        onChange={(v) => set('method', v)}
        choices={METHOD_CHOICES}
        anyLabel="Any method"
        testId="filter-method"
      />
      <ChoiceSelect
        label="State"
        value={filter.state}
        onChange={(v) => set('state', v)}
        choices={STATE_CHOICES}
        anyLabel="Any state"
        testId="filter-state"
      />
      <input
        type="text"
        inputMode="numeric"
        className="filter-bar__code num"
        aria-label="Final code"
        placeholder="Code"
        maxLength={3}
        value={filter.finalCode}
        onChange={(e) => set('finalCode', e.target.value.replace(/\D/g, ''))}
        data-testid="filter-code"
      />
      <input
        type="text"
        className="filter-bar__user"
        aria-label="User or number"
        placeholder="User / number"
        spellCheck={false}
        value={filter.user}
        onChange={(e) => set('user', e.target.value)}
        data-testid="filter-user"
      />
      <input
        type="text"
        className="filter-bar__ip"
        aria-label="IP address"
        placeholder="IP address"
        spellCheck={false}
        value={filter.ip}
        onChange={(e) => set('ip', e.target.value)}
        data-testid="filter-ip"
      />
      <ChoiceSelect
        label="Time range"
        value={filter.range}
        onChange={(v) => set('range', v as TimeRange)}
        choices={RANGE_CHOICES}
        testId="filter-range"
      />
      {isFilterActive(filter) && (
        <button type="button" className="button button--quiet filter-bar__clear" onClick={() => onChange(EMPTY_FILTER)}>
          Clear
        </button>
      )}
    </div>
  );
}
