import type { Bus, BusLogger, Database } from '@hall/platform';
import type { AssistantConfig } from '../config';

/** What the robot's routes, consumers and commands work with. */
export interface AssistantDeps {
  database: Database;
  bus: Bus;
  config: AssistantConfig;
  logger: BusLogger;
}
