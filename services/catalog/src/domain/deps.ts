import type { Actor, AnswerCache, Database } from '@hall/platform';
import type { CatalogConfig } from '../config';
import type { ItemPage } from './browse';
import type { StationCatalog } from './station-catalog';

/** What the catalog's routes, RPC handlers and consumers work with. */
export interface CatalogDeps {
  database: Database;
  config: CatalogConfig;
  /** Bus namespace, for the subjects of outbox events. */
  namespace: string;
  /** Publish outbox events now rather than at the next poll. */
  afterCommit: () => void;
  /** Pages of the public 权力清单 recently answered (ADR 16). */
  itemPages: AnswerCache<ItemPage>;
  /** Stations' public 权力清单 in memory, the pages computed from them (ADR 18). */
  stationCatalogs: AnswerCache<StationCatalog>;
  /** A committed change of `station`'s catalog: every replica's pages and copy of it go. */
  publicChanged: (station: string) => void;
  now: () => Date;
}

/**
 * Who changes the catalog of which station, for the data functions that change it. They run in
 * the caller's transaction (which must act for `station`), so an import can apply many changes
 * all-or-nothing; they enqueue their events and audit records in that same transaction.
 */
export interface ChangeContext {
  station: string;
  actor: Actor;
  /** Client IP, for the audit log. */
  ip: string | null;
  /** Bus namespace of the outbox events. */
  namespace: string;
  now: Date;
}
