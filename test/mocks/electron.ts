// Stand-in for the `electron` module under plain Node (the binary cannot be had here).
// Tests of electron/main helpers that need real behaviour replace parts with vi.mock.
export const app = { isPackaged: false, getPath: (): string => '/tmp', on: (): void => undefined };
export const shell = { openExternal: async (): Promise<void> => undefined };
export default { app, shell };
