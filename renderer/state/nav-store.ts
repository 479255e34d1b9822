// The current view, kept in step with the URL hash in both directions.
import { create } from 'zustand';
import { DEFAULT_VIEW, hashForView, viewFromHash, type ViewId } from './route.ts';

interface NavState {
  view: ViewId;
}

export const useNavStore = create<NavState>(() => ({ view: DEFAULT_VIEW }));

/** Opens a view: updates the store at once and the address bar (so back/forward and reload keep it). */
export function navigate(view: ViewId, win: Window = window): void {
  useNavStore.setState({ view });
  if (win.location.hash !== hashForView(view)) win.location.hash = hashForView(view);
}

/** Follows the hash from now on; returns the function that stops following it. */
export function bindHashRouting(win: Window = window): () => void {
  const sync = (): void => {
    const view = viewFromHash(win.location.hash);
    if (view) {
      useNavStore.setState({ view });
    } else {
      // Unknown or empty route: show the default and say so in the address bar, without a history entry.
      useNavStore.setState({ view: DEFAULT_VIEW });
      win.history.replaceState(win.history.state, '', hashForView(DEFAULT_VIEW));
    }
  };
  sync();
  win.addEventListener('hashchange', sync);
  return () => win.removeEventListener('hashchange', sync);
}
