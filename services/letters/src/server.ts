import { configOrExit, runServer } from '@hall/platform';
import { buildApp } from './app';
import { lettersConfig } from './config';

const config = configOrExit(() => lettersConfig());
const app = await buildApp({ config });
await runServer(app, { host: config.HOST, port: config.LETTERS_PORT });
