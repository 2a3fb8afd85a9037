import { configOrExit, runServer } from '@hall/platform';
import { buildApp } from './app';
import { publicityConfig } from './config';

const config = configOrExit(() => publicityConfig());
const app = await buildApp({ config });
await runServer(app, { host: config.HOST, port: config.PUBLICITY_PORT });
