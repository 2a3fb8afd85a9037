import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { BaseConfig } from './config';
import { loggerOptions } from './logger';
import { errorsPlugin } from './plugins/errors';
import { observabilityPlugin } from './plugins/observability';
import { openapiPlugin } from './plugins/openapi';

export type HallApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

function validator(coerceTypes: false | 'array'): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

export interface CreateAppOptions {
  service: string;
  version: string;
  description: string;
  config: BaseConfig;
  /** Where log lines go (default stdout); tests pass a stream to read them. */
  logStream?: DestinationStream;
}

/**
 * One access line a request, when it is answered: what was asked, how it was answered, how long
 * it took. One line rather than Fastify's "incoming request" and "request completed" halves what
 * logging costs a request; a request still running shows in the traces and the duration
 * histogram, not the log. Fastify's other lines (errors, not found) are as they were.
 */
class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/**
 * The Fastify instance every service starts from: logging with redaction, request ids, the one
 * error handler, health, readiness, metrics and OpenAPI. The service then registers its
 * database, bus, auth and routes on it. It does not listen; `runServer` does.
 */
export async function createApp({
  service,
  version,
  description,
  config,
  logStream,
}: CreateAppOptions): Promise<HallApp> {
  const logger = loggerOptions(service, config.LOG_LEVEL);
  const app = Fastify({
    logger: logStream ? { ...logger, stream: logStream } : logger,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => uuidv7(),
    bodyLimit: 1024 * 1024,
    logController: new AccessLog(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Report every invalid field at once, not just the first. Query strings and path parameters
  // are text and get coerced ("20" → 20); JSON bodies are typed already and are not, or a null
  // sent for a `string | null` field would arrive as "".
  const bodies = validator(false);
  const textParts = validator('array');
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodies : textParts).compile(schema),
  );

  await app.register(errorsPlugin);
  await app.register(observabilityPlugin, { service });
  await app.register(openapiPlugin, { service, version, description });
  return app;
}
