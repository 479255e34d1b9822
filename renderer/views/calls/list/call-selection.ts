// The calls ticked for an export, apart from the cursor row: like sngrep's Space-selected dialogs.
// Space or Ctrl/Cmd+click ticks one call, Shift+click ticks every call from the cursor to the clicked
// row. Held as Call-IDs: a list shows one capture, where a Call-ID names one call.

export type CallSelection = ReadonlySet<string>;

export const NO_CALLS_SELECTED: CallSelection = new Set();

/** How a click or key changes the ticked calls. */
export type SelectGesture = 'cursor' | 'toggle' | 'range';

export function toggleCall(selection: CallSelection, callId: string): CallSelection {
  const next = new Set(selection);
  if (next.has(callId)) next.delete(callId);
  else next.add(callId);
  return next;
}

/** Adds the calls between two rows, both ends included, in either direction. */
export function addRange(
  selection: CallSelection,
  callIds: readonly string[],
  from: number,
  to: number,
): CallSelection {
  const next = new Set(selection);
  const lo = Math.max(0, Math.min(from, to));
  const hi = Math.min(callIds.length - 1, Math.max(from, to));
  for (let i = lo; i <= hi; i++) {
    const id = callIds[i];
    if (id !== undefined) next.add(id);
  }
  return next;
}

export function gestureOf(e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): SelectGesture {
  if (e.shiftKey) return 'range';
  if (e.ctrlKey || e.metaKey) return 'toggle';
  return 'cursor';
}
