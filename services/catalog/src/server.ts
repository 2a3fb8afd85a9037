import { configOrExit, runServer } from '@hall/platform';
import { buildApp } from './app';
import { catalogConfig } from './config';

const config = configOrExit(() => catalogConfig());
const app = await buildApp({ config });
await runServer(app, { host: config.HOST, port: config.CATALOG_PORT });
