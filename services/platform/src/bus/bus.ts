import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import {
  jetstream,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  DiscardPolicy,
} from '@nats-io/jetstream';
import type { JetStreamClient, JetStreamManager, StreamConfig } from '@nats-io/jetstream';
import {
  connect,
  Empty,
  nanos,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
} from '@nats-io/transport-node';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { HallError, type FieldError } from '../errors';
import { BusHeaders, extractTraceContext, fromMsgHdrs, toMsgHdrs, traceHeaders } from './headers';
import { busSubjects, type BusSubjects } from './subjects';

/** The part of a pino logger the bus uses. */
export interface BusLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ConnectBusOptions {
  /** `nats://host:4222`, or several comma-separated / as an array (a cluster). */
  url: string | string[];
  /** Connection name shown by the server's monitoring, e.g. the service name. */
  name: string;
  /** Subject prefix and stream owner, config BUS_NAMESPACE (`hall`). */
  namespace: string;
  logger: BusLogger;
  /** Pause between reconnect attempts; 1 s by default. */
  reconnectTimeWaitMs?: number;
  /** Default timeout of `request`; 5 s by default. */
  requestTimeoutMs?: number;
  /**
   * Copies of the events stream (config BUS_STREAM_REPLICAS), enforced by ensureStream. Unset: a
   * new stream gets 1, an existing one keeps its count.
   */
  streamReplicas?: number | undefined;
}

export interface RpcContext {
  subject: string;
  /** Headers of the request (trace context, anything the caller added). */
  headers: Record<string, string>;
}

export type RpcHandler<Req extends DescMessage, Res extends DescMessage> = (
  request: MessageShape<Req>,
  ctx: RpcContext,
) => Promise<MessageInitShape<Res>> | MessageInitShape<Res>;

export interface RpcServer {
  readonly subject: string;
  /** Stop taking requests; requests already being handled still get their reply. */
  stop(): Promise<void>;
}

export interface BusRequestOptions {
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export interface Bus {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly namespace: string;
  readonly subjects: BusSubjects;
  readonly logger: BusLogger;
  /** Create the namespace's events stream, or bring its configuration up to date. Idempotent. */
  ensureStream(): Promise<void>;
  /** Connected right now (false while reconnecting and after close). */
  isConnected(): boolean;
  /** Round trip to the server; rejects when disconnected or slower than `timeoutMs`. For /readyz. */
  ping(timeoutMs?: number): Promise<void>;
  /** Run `listener` after every reconnect; returns a function that removes it. */
  onReconnect(listener: () => void): () => void;
  /** Answer `${ns}.rpc.<domain>.<method>` in queue group `<domain>`. */
  serve<Req extends DescMessage, Res extends DescMessage>(
    domain: string,
    method: string,
    requestSchema: Req,
    responseSchema: Res,
    handler: RpcHandler<Req, Res>,
  ): RpcServer;
  /**
   * Call `${ns}.rpc.<domain>.<method>`. Throws the remote HallError (code, status, title) when the
   * handler failed, and a 503 `upstream_unavailable` HallError when nobody answers in time.
   */
  request<Req extends DescMessage, Res extends DescMessage>(
    domain: string,
    method: string,
    requestSchema: Req,
    request: MessageInitShape<Req>,
    responseSchema: Res,
    options?: BusRequestOptions,
  ): Promise<MessageShape<Res>>;
  /** Drain subscriptions and pending publishes, then close. */
  close(): Promise<void>;
}

const tracer = trace.getTracer('@hall/platform/bus');

const DAY_MS = 24 * 60 * 60 * 1000;
/** Events stay replayable this long (a consumer that was down can catch up). */
export const STREAM_MAX_AGE_MS = 30 * DAY_MS;
/** A re-published event id within this window is stored once (outbox relay retries). */
export const STREAM_DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

/** JetStream's “stream store failed” (e.g. its storage folder vanished under it). */
const STREAM_STORE_FAILED = 10077;
/** Creating the stream tries this often while it fails with STREAM_STORE_FAILED (4.5 s in all). */
const STREAM_CREATE_ATTEMPTS = 10;

export const UNAVAILABLE_TITLE = '服务暂时不可用，请稍后再试';

export function upstreamUnavailable(cause?: unknown): HallError {
  return new HallError(503, 'upstream_unavailable', UNAVAILABLE_TITLE, { cause });
}

function internalError(): HallError {
  return new HallError(500, 'internal_error', '系统繁忙，请稍后再试');
}

export function eventsStreamConfig(
  subjects: BusSubjects,
  replicas = 1,
): Partial<StreamConfig> & { name: string; subjects: string[] } {
  return {
    name: subjects.stream,
    subjects: [subjects.allEvents],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(STREAM_MAX_AGE_MS),
    duplicate_window: nanos(STREAM_DUPLICATE_WINDOW_MS),
    num_replicas: replicas,
  };
}

export async function connectBus(options: ConnectBusOptions): Promise<Bus> {
  const subjects = busSubjects(options.namespace);
  const { logger } = options;
  const servers = (Array.isArray(options.url) ? options.url : options.url.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const nc = await connect({
    servers,
    name: options.name,
    // The bus must outlive any NATS outage: never give up, and wait for the first connection
    // instead of failing the boot (the outbox keeps events meanwhile).
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectTimeWaitMs ?? 1000,
    waitOnFirstConnect: true,
    // Detect a dead peer behind a silent network within about a minute, not the default 4.
    pingInterval: 20_000,
    maxPingOut: 3,
    // No stack captured up front for every request and JetStream publish in case it fails
    // (two thirds of the outbox relay's publishing time in the submit bench's CPU profile): a
    // failed request becomes our own HallError where it was awaited, whose async stack trace
    // names the caller.
    noAsyncTraces: true,
  });
  logger.info({ server: nc.getServer(), name: options.name }, 'nats connected');
  const js = jetstream(nc);
  // checkAPI false: do not fail the boot when JetStream is briefly unavailable; calls will retry.
  const jsm = await jetstreamManager(nc, { checkAPI: false });

  let connected = true;
  const reconnectListeners = new Set<() => void>();
  void (async () => {
    for await (const s of nc.status()) {
      switch (s.type) {
        case 'disconnect':
          connected = false;
          logger.warn({ server: s.server }, 'nats disconnected');
          break;
        case 'reconnect':
          connected = true;
          logger.info({ server: s.server }, 'nats reconnected');
          for (const l of reconnectListeners) {
            try {
              l();
            } catch (err) {
              logger.error({ err }, 'nats reconnect listener failed');
            }
          }
          break;
        case 'error':
          logger.error({ err: s.error }, 'nats error');
          break;
        case 'ldm':
          logger.warn({ server: s.server }, 'nats server entering lame duck mode');
          break;
        case 'staleConnection':
          logger.warn({}, 'nats connection stale');
          break;
        case 'slowConsumer':
          logger.warn({ subject: s.sub.getSubject(), pending: s.pending }, 'nats slow consumer');
          break;
        default:
          break;
      }
    }
  })();
  void nc.closed().then((err) => {
    connected = false;
    if (err) logger.error({ err }, 'nats connection closed with error');
    else logger.info({}, 'nats connection closed');
  });

  const defaultTimeout = options.requestTimeoutMs ?? 5000;

  const bus: Bus = {
    nc,
    js,
    jsm,
    namespace: subjects.namespace,
    subjects,
    logger,

    async ensureStream() {
      const replicas = options.streamReplicas;
      const config = eventsStreamConfig(subjects, replicas);
      try {
        const info = await jsm.streams.info(config.name);
        const c = info.config;
        const same =
          c.max_age === config.max_age &&
          c.duplicate_window === config.duplicate_window &&
          (replicas === undefined || c.num_replicas === replicas) &&
          c.subjects?.length === 1 &&
          c.subjects[0] === subjects.allEvents;
        if (!same) {
          // Only what may change on a live stream; storage and retention are fixed at creation.
          // A cluster copies the stream to new replicas (or drops copies) while it stays online.
          await jsm.streams.update(config.name, {
            subjects: config.subjects,
            max_age: config.max_age ?? 0,
            duplicate_window: config.duplicate_window ?? 0,
            num_replicas: replicas ?? c.num_replicas,
          });
          logger.info({ stream: config.name }, 'events stream updated');
        }
      } catch (err) {
        if (!isApiError(err, JetStreamApiCodes.StreamNotFound)) throw err;
        for (let attempt = 1; ; attempt++) {
          try {
            await jsm.streams.add(config);
            logger.info({ stream: config.name }, 'events stream created');
            return;
          } catch (addErr) {
            // Another replica created it between our info and add: the outcome we wanted.
            if (
              addErr instanceof JetStreamApiError &&
              (addErr.code === 10058 || /already in use/i.test(addErr.message))
            )
              return;
            // nats-server removes an account's empty streams folder when its last stream is
            // deleted; a create racing that removal fails to mkdir (10077). It is transient.
            if (attempt < STREAM_CREATE_ATTEMPTS && isApiError(addErr, STREAM_STORE_FAILED)) {
              logger.warn(
                { stream: config.name, attempt },
                'events stream create failed; retrying',
              );
              await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
              continue;
            }
            // The API error's message is only its description; its code tells which refusal it was.
            const code = addErr instanceof JetStreamApiError ? ` (JetStream ${addErr.code})` : '';
            throw new Error(`creating the events stream ${config.name} failed${code}`, {
              cause: addErr,
            });
          }
        }
      }
    },

    isConnected() {
      return connected && !nc.isClosed();
    },

    async ping(timeoutMs = 2000) {
      if (!bus.isConnected()) throw new Error('nats disconnected');
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          nc.flush(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('nats ping timed out')), timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },

    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },

    serve(domain, method, requestSchema, responseSchema, handler) {
      const subject = subjects.rpc(domain, method);
      const sub = nc.subscribe(subject, {
        queue: domain,
        callback: (err, msg) => {
          if (err) {
            logger.error({ err, subject }, 'rpc subscription failed');
            return;
          }
          void handleRpc(msg);
        },
      });

      async function handleRpc(msg: Msg): Promise<void> {
        const parent = extractTraceContext(msg.headers, ROOT_CONTEXT);
        await tracer.startActiveSpan(
          `${domain}/${method}`,
          {
            kind: SpanKind.SERVER,
            attributes: {
              'rpc.system': 'nats',
              'rpc.service': domain,
              'rpc.method': method,
              'messaging.destination.name': subject,
            },
          },
          parent,
          async (span) => {
            try {
              let request: MessageShape<typeof requestSchema>;
              try {
                request = fromBinary(requestSchema, msg.data);
              } catch {
                throw new HallError(400, 'invalid_request', '请求格式有误');
              }
              const response = await handler(request, {
                subject,
                headers: fromMsgHdrs(msg.headers),
              });
              if (msg.reply)
                msg.respond(toBinary(responseSchema, create(responseSchema, response)));
            } catch (err) {
              let error: HallError;
              if (err instanceof HallError) {
                error = err;
                if (err.status >= 500) logger.error({ err, subject }, 'rpc handler failed');
              } else {
                // Never send internals across: the caller sees a generic error, the log keeps it.
                logger.error({ err, subject }, 'rpc handler failed');
                error = internalError();
              }
              if (error.status >= 500) {
                span.recordException(err as Error);
                span.setStatus({ code: SpanStatusCode.ERROR });
              }
              span.setAttribute('hall.error_code', error.code);
              if (msg.reply) msg.respond(Empty, { headers: errorHeaders(error) });
            } finally {
              span.end();
            }
          },
        );
      }

      return {
        subject,
        async stop() {
          if (sub.isClosed()) return;
          await sub.drain();
        },
      };
    },

    request(domain, method, requestSchema, request, responseSchema, requestOptions = {}) {
      const subject = subjects.rpc(domain, method);
      return tracer.startActiveSpan(
        `${domain}/${method}`,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'rpc.system': 'nats',
            'rpc.service': domain,
            'rpc.method': method,
            'messaging.destination.name': subject,
          },
        },
        async (span) => {
          try {
            const headers = toMsgHdrs({ ...requestOptions.headers, ...traceHeaders() });
            const payload = toBinary(requestSchema, create(requestSchema, request));
            let reply: Msg;
            try {
              reply = await nc.request(subject, payload, {
                timeout: requestOptions.timeoutMs ?? defaultTimeout,
                headers,
              });
            } catch (err) {
              // No responders, timeout, closed or draining connection: the caller can only retry later.
              throw upstreamUnavailable(err);
            }
            const remote = remoteError(reply.headers);
            if (remote) throw remote;
            try {
              return fromBinary(responseSchema, reply.data);
            } catch (err) {
              throw new HallError(502, 'upstream_invalid_response', UNAVAILABLE_TITLE, {
                cause: err,
              });
            }
          } catch (err) {
            if (!(err instanceof HallError) || err.status >= 500) {
              span.recordException(err as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
            }
            if (err instanceof HallError) span.setAttribute('hall.error_code', err.code);
            throw err;
          } finally {
            span.end();
          }
        },
      );
    },

    async close() {
      if (nc.isClosed()) return;
      let timer: NodeJS.Timeout | undefined;
      try {
        // Drain waits for the server; when it is unreachable, give up after a while and close.
        await Promise.race([
          nc.drain(),
          new Promise((resolve) => {
            timer = setTimeout(resolve, 5000);
          }),
        ]);
      } catch (err) {
        logger.warn({ err }, 'nats drain failed');
      } finally {
        clearTimeout(timer);
      }
      if (!nc.isClosed()) await nc.close();
    },
  };
  return bus;
}

export function isApiError(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}

function errorHeaders(error: HallError): MsgHdrs {
  const record: Record<string, string> = {
    [BusHeaders.rpcErrorCode]: error.code,
    [BusHeaders.rpcErrorStatus]: String(error.status),
    [BusHeaders.rpcErrorMessage]: encodeURIComponent(error.title),
  };
  if (error.detail) record[BusHeaders.rpcErrorDetail] = encodeURIComponent(error.detail);
  if (error.errors?.length)
    record[BusHeaders.rpcErrorFields] = encodeURIComponent(JSON.stringify(error.errors));
  return toMsgHdrs(record);
}

function remoteError(headers: MsgHdrs | undefined): HallError | null {
  const code = headers?.get(BusHeaders.rpcErrorCode);
  if (!headers || !code) return null;
  const status = Number(headers.get(BusHeaders.rpcErrorStatus));
  const title = safeDecode(headers.get(BusHeaders.rpcErrorMessage)) || UNAVAILABLE_TITLE;
  const detail = safeDecode(headers.get(BusHeaders.rpcErrorDetail)) || undefined;
  let errors: FieldError[] | undefined;
  const fields = headers.get(BusHeaders.rpcErrorFields);
  if (fields) {
    try {
      errors = JSON.parse(decodeURIComponent(fields)) as FieldError[];
    } catch {
      errors = undefined;
    }
  }
  return new HallError(
    Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500,
    code,
    title,
    {
      ...(detail ? { detail } : {}),
      ...(errors ? { errors } : {}),
    },
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
