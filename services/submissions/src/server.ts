import { configOrExit, runServer } from '@hall/platform';
import { buildApp } from './app';
import { submissionsConfig } from './config';

const config = configOrExit(() => submissionsConfig());
const app = await buildApp({ config });
await runServer(app, { host: config.HOST, port: config.SUBMISSIONS_PORT });
