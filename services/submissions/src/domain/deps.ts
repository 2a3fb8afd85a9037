import type { Actor, Bus, Database } from '@hall/platform';
import type { SubmissionsConfig } from '../config';
import type { PersonalDataCipher } from '@hall/platform';
import type { ItemVersions } from './items';

/** What the service's routes, RPC clients and consumers work with. */
export interface SubmissionsDeps {
  database: Database;
  bus: Bus;
  config: SubmissionsConfig;
  cipher: PersonalDataCipher;
  itemVersions: ItemVersions;
  /** Bus namespace, for the subjects of outbox events. */
  namespace: string;
  /** Publish outbox events now rather than at the next poll. */
  afterCommit: () => void;
  now: () => Date;
}

/** Who acts on which station, for the data functions that change applications. */
export interface ActionContext {
  station: string;
  actor: Actor;
  /** Client IP, for the audit log. */
  ip: string | null;
  namespace: string;
  now: Date;
}
