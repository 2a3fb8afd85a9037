import type { Bus, BusLogger, Database } from '@hall/platform';
import type { MaterialsConfig } from '../config';
import type { OwnerKind } from '../db/schema';
import type { BlobStore } from '../storage';

/** What the materials service's routes, RPC handlers, consumers and sweep work with. */
export interface MaterialsDeps {
  database: Database;
  config: MaterialsConfig;
  storage: BlobStore;
  bus: Bus;
  /** Bus namespace, for the subjects of outbox events (audit records). */
  namespace: string;
  /** HMAC key of download links. */
  linkSecret: Buffer;
  logger: BusLogger;
  /** Publish outbox events now rather than at the next poll. */
  afterCommit: () => void;
  now: () => Date;
}

/** Who a file belongs to: the account that uploaded it. */
export interface Owner {
  kind: OwnerKind;
  id: string;
}
