// Views are addressed by the URL hash (#/calls, #/sources) so any view opens from a link or a test.

export const VIEW_IDS = ['calls', 'channels', 'queues', 'metrics', 'logs', 'alerts', 'sources'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export const DEFAULT_VIEW: ViewId = 'calls';

export function isViewId(value: string): value is ViewId {
  return (VIEW_IDS as readonly string[]).includes(value);
}

/** "#/calls" or "#/calls?x=1" -> "calls"; anything else -> null. */
export function viewFromHash(hash: string): ViewId | null {
  const match = /^#?\/([a-z]+)(?:[/?].*)?$/.exec(hash);
  const name = match?.[1];
  return name !== undefined && isViewId(name) ? name : null;
}

export function hashForView(view: ViewId): string {
  return `#/${view}`;
}
