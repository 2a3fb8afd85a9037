/**
 * `@hall/web`: what the hall's SvelteKit front ends share and the browser may load.
 * Server-only parts (the identity client, session cookies) are in `@hall/web/server`.
 */
export * from './problem';
export * from './types';
export * from './display';
export * from './hints';
export * from './business-form';
