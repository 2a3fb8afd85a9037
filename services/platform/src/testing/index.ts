export * from './database';
export * from './nats';
export * from './rls';
export * from './helpers';
export * from './tokens';
