export * from './bus';
export * from './consumer';
export * from './headers';
export * from './outbox';
export * from './outbox-schema';
export * from './subjects';
