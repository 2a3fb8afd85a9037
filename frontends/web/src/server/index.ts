/** `@hall/web/server`: server-only parts shared by the hall's front ends. */
export * from './catalog';
export * from './config';
export * from './forms';
export * from './identity';
export * from './materials';
export * from './service-request';
export * from './services';
export * from './session';
export * from './stations';
export * from './submissions';
export * from './worklist';
export * from './letters-desk';
export * from './letters';
export * from './assistant';
export * from './publicity';
export * from './publicity-desk';
