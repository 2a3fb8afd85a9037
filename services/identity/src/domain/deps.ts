import type { Database } from '@hall/platform';
import type { IdentityConfig } from '../config';
import type { PersonalDataCipher } from '@hall/platform';
import type { SigningKeys } from './signing-keys';

/** What identity's data functions work with. */
export interface IdentityDeps {
  database: Database;
  keys: SigningKeys;
  cipher: PersonalDataCipher;
  config: IdentityConfig;
  /** Bus namespace, for the subjects of outbox events. */
  namespace: string;
  /** Publish outbox events now rather than at the next poll. */
  afterCommit: () => void;
  now: () => Date;
}

/** Where a request came from, for the audit log. */
export interface RequestMeta {
  ip: string;
}
