// Public surface of the engine for hosts and tests.
export { createCore, type Core, type CoreOptions, type Notification } from './core.ts';
