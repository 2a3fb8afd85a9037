import { configOrExit, runServer } from '@hall/platform';
import { buildApp } from './app';
import { identityConfig } from './config';

const config = configOrExit(() => identityConfig());
const app = await buildApp({ config });
await runServer(app, { host: config.HOST, port: config.IDENTITY_PORT });
