import { configOrExit, runServer } from '@hall/platform';
import { buildApp } from './app';
import { assistantConfig } from './config';

const config = configOrExit(() => assistantConfig());
const app = await buildApp({ config });
await runServer(app, { host: config.HOST, port: config.ASSISTANT_PORT });
