import type { Actor, AnswerCache, Bus, Database } from '@hall/platform';
import type { PublicityConfig } from '../config';
import type { AnnouncementItem, AnnouncementMatches, AnnouncementPage } from './announcement-list';
import type { BatchedReads } from './batched-reads';

/** What the service's routes and consumers work with. */
export interface PublicityDeps {
  database: Database;
  bus: Bus;
  config: PublicityConfig;
  /** Bus namespace, for the subjects of outbox events (audit records). */
  namespace: string;
  /** Publish outbox events now rather than at the next poll. */
  afterCommit: () => void;
  /** Pages of the public 办件公告 recently answered. */
  announcementPages: AnswerCache<AnnouncementPage>;
  /** Filters of the public 办件公告 recently asked for, with their matches (ADR 19). */
  announcementMatches: AnswerCache<AnnouncementMatches>;
  /** The rows of pages cut from matches, read for many requests at once. */
  announcementRows: BatchedReads<AnnouncementItem>;
  /** A committed change of `station`'s 办件公告: every replica's cached pages and matches of it go. */
  publicChanged: (station: string) => void;
  now: () => Date;
}

/**
 * Who changes what a station publishes. The data functions run in the caller's transaction
 * (acting for `station`) and enqueue their audit records in it.
 */
export interface ChangeContext {
  station: string;
  actor: Actor;
  /** Client IP, for the audit log. */
  ip: string | null;
  namespace: string;
  now: Date;
}
