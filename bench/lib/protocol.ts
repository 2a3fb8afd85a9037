import type { JWK } from 'jose';

/** A private JWK set, as identity's SigningKeys reads it. */
export interface PrivateJwks {
  keys: JWK[];
}

/**
 * Which parts of the platform a `platform` server is built from. `full` is createApp +
 * authPlugin, the real thing; the others rebuild it from its pieces to see where time goes.
 */
export type PlatformVariant =
  | 'full'
  | 'full-log-warn'
  | 'auth-only'
  | 'auth+logger'
  | 'auth+logger-noredact'
  | 'auth+logger-oneline'
  | 'auth+logger+reqid'
  | 'auth+logger+reqid+metrics';

/**
 * How the bare baselines send the captured statements, as the services' `Database` sends
 * drizzle's (ADR 22): prepared (`PREPARED`, for `unsafe`, which alone would parse and describe a
 * statement every time; postgres.js prepares its own tagged queries) and planned for their
 * parameters at every execution (`BARE_SESSION`, their pools' session settings). With
 * PostgreSQL's default plan cache the keyword statements of the 办件公告 turned generic after
 * five executions, and the bare keyword mixes ran at a third of their speed.
 */
export const PREPARED = { prepare: true } as const;
export const BARE_SESSION = { plan_cache_mode: 'force_custom_plan' } as const;

/** One SQL statement as a service sent it: text and parameters. */
export interface CapturedStatement {
  sql: string;
  params: unknown[];
  /** Statements of one batch were issued together (in the same turn of the event loop). */
  batch: number;
}

/** What the bench asks a server process to start. */
export type ServerSpec =
  | { kind: 'bare-jwt'; jwks: PrivateJwks }
  | { kind: 'platform'; jwks: PrivateJwks; variant: PlatformVariant }
  | { kind: 'identity'; jwks: PrivateJwks; accounts: number; pgUrl: string; natsUrl: string }
  | { kind: 'bare-argon2'; hash: string }
  | {
      kind: 'catalog';
      databaseUrl: string;
      natsUrl: string;
      /** CATALOG_CACHE_TTL_SECONDS: 0 turns the recent pages and station catalogs in memory off. */
      cacheSeconds: number;
    }
  | { kind: 'bare-sql'; databaseUrl: string; routes: Record<string, CapturedStatement[]> }
  | {
      kind: 'submissions';
      jwks: PrivateJwks;
      databaseUrl: string;
      natsUrl: string;
      namespace: string;
      dataKey: string;
    }
  | {
      kind: 'bare-submit';
      databaseUrl: string;
      appRole: string;
      units: ReplayUnit[];
      serial: { prefix: string; day: string };
    }
  | { kind: 'materials'; jwks: PrivateJwks; pgUrl: string; natsUrl: string; storageDir: string }
  | { kind: 'bare-upload'; dir: string; maxFileBytes: number }
  | { kind: 'assistant'; databaseUrl: string; natsUrl: string }
  | { kind: 'bare-ask'; databaseUrl: string; questions: Record<string, CapturedStatement[]> }
  | {
      kind: 'publicity';
      databaseUrl: string;
      natsUrl: string;
      namespace: string;
      /** PUBLICITY_CACHE_TTL_SECONDS: 0 turns the service's cache of recent pages off. */
      cacheSeconds: number;
    };

export interface ServerReady {
  port: number;
  /** identity only: an access token of the first account, from a real sign-in. */
  token?: string;
  /** identity only: the accounts registered, all with `password`. */
  usernames?: string[];
  password?: string;
  /** identity only: the first account's stored password hash (for the bare argon2 baseline). */
  hash?: string;
}

/** `backends`: identity only, the PostgreSQL backend pids serving its database (for their CPU). */
export type ToServer =
  { type: 'start'; spec: ServerSpec } | { type: 'stop' } | { type: 'backends' };
export type FromServer =
  | { type: 'ready'; ready: ServerReady }
  | { type: 'stopped' }
  | { type: 'failed'; error: string }
  | { type: 'backends'; pids: number[] };

/** A parameter of a replayed statement: a constant, bytes (base64), or filled per request. */
export type ReplayParam =
  | { value: unknown }
  | { bytes: string }
  | { slot: 'id' | 'applicant' | 'serial' | 'now' | 'fresh' };

export interface ReplayStatement {
  sql: string;
  params: ReplayParam[];
  /** Statements of one batch were issued together (in the same turn of the event loop). */
  batch: number;
  /** The serial counter's upsert: its `last` makes the serial of the statements after it. */
  counter: boolean;
}

/** One unit of work of the service (a `withStation`/`withAllStations` transaction). */
export interface ReplayUnit {
  /** The `app.station` setting the service gave it. */
  setting: string;
  /**
   * The unit found its station first, acting for every station (`withLocatedStation`): from
   * statement `at` on it acts for `setting`.
   */
  rescope?: { at: number; setting: string };
  /** It inserts, updates or deletes: the bare baseline runs it in a transaction too. */
  writes: boolean;
  statements: ReplayStatement[];
}
