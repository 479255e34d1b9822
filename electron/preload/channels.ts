// The one IPC channel between main and the preload: main posts the renderer's end of a
// MessageChannelMain on it. Everything else travels on that port, straight to the core.
export const PORT_CHANNEL = 'pbxscope:port';
