// Types for electron-vite's import suffixes (`?asset` for the tray and window icons).
/// <reference types="electron-vite/node" />
