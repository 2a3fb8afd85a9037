/** `@hall/web/server`: server-only parts shared by the hall's front ends. */
export * from './forms';
export * from './identity';
export * from './session';
