import { configOrExit, runServer } from '@hall/platform';
import { buildApp } from './app';
import { materialsConfig } from './config';

const config = configOrExit(() => materialsConfig());
const app = await buildApp({ config });
await runServer(app, { host: config.HOST, port: config.MATERIALS_PORT });
