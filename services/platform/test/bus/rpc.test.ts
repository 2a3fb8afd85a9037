import { StringValueSchema, type StringValue } from '@bufbuild/protobuf/wkt';
import { SpanKind, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import t from 'tap';
import { HallError } from '../../src/errors';
import { testNamespace } from '../../src/testing/nats';
import { captureLogger, openTestBus, sleep } from './helpers';

// In-memory tracing for this test process: spans land in `exporter`, context flows via AsyncLocalStorage.
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();
t.teardown(() => provider.shutdown());

t.test('request/reply round trip', async (t) => {
  const bus = await openTestBus(t);
  let seenHeaders: Record<string, string> = {};
  const server = bus.serve('echo', 'upper', StringValueSchema, StringValueSchema, (req, ctx) => {
    seenHeaders = ctx.headers;
    return { value: req.value.toUpperCase() };
  });
  t.teardown(() => server.stop());
  t.equal(server.subject, `${bus.namespace}.rpc.echo.upper`);
  const res: StringValue = await bus.request(
    'echo',
    'upper',
    StringValueSchema,
    { value: '渝中 ok' },
    StringValueSchema,
    {
      headers: { 'X-Test': 'yes' },
    },
  );
  t.equal(res.$typeName, 'google.protobuf.StringValue');
  t.equal(res.value, '渝中 OK');
  t.equal(seenHeaders['X-Test'], 'yes', 'caller headers arrive');
});

t.test('a HallError crosses the bus with its status, code, title and field errors', async (t) => {
  const bus = await openTestBus(t);
  const server = bus.serve(
    'identity',
    'get_station',
    StringValueSchema,
    StringValueSchema,
    (req) => {
      if (req.value === 'gone') throw HallError.notFound('站点不存在');
      if (req.value === 'bad') {
        throw HallError.validation([
          { field: 'key', code: 'station.key', message: '站点编码格式不正确' },
        ]);
      }
      throw HallError.conflict('station_disabled', '该站点已停用', { detail: '请联系管理员' });
    },
  );
  t.teardown(() => server.stop());

  const notFound = await bus
    .request('identity', 'get_station', StringValueSchema, { value: 'gone' }, StringValueSchema)
    .catch((e: unknown) => e);
  t.ok(notFound instanceof HallError);
  t.match(notFound, { status: 404, code: 'not_found', title: '站点不存在' });

  const conflict = await bus
    .request('identity', 'get_station', StringValueSchema, { value: 'x' }, StringValueSchema)
    .catch((e: unknown) => e);
  t.match(conflict, {
    status: 409,
    code: 'station_disabled',
    title: '该站点已停用',
    detail: '请联系管理员',
  });

  const invalid = await bus
    .request('identity', 'get_station', StringValueSchema, { value: 'bad' }, StringValueSchema)
    .catch((e: unknown) => e);
  t.match(invalid, {
    status: 400,
    code: 'validation_failed',
    errors: [{ field: 'key', code: 'station.key', message: '站点编码格式不正确' }],
  });
});

t.test(
  'any other error becomes internal_error without internals, and is logged by the server',
  async (t) => {
    const logger = captureLogger();
    const bus = await openTestBus(t, { logger });
    const server = bus.serve('identity', 'boom', StringValueSchema, StringValueSchema, () => {
      throw new Error('connection to 10.0.0.7 refused, password=hunter2');
    });
    t.teardown(() => server.stop());
    const err = await bus
      .request('identity', 'boom', StringValueSchema, { value: '' }, StringValueSchema)
      .catch((e: unknown) => e);
    t.ok(err instanceof HallError);
    const hallError = err as HallError;
    t.equal(hallError.status, 500);
    t.equal(hallError.code, 'internal_error');
    t.notMatch(
      `${hallError.title} ${hallError.detail ?? ''} ${hallError.message}`,
      /hunter2|10\.0\.0\.7/,
    );
    t.ok(
      logger.entries.some(
        (e) =>
          e.level === 'error' &&
          String((e.obj.err as Error | undefined)?.message).includes('hunter2'),
      ),
      'the server log keeps the cause',
    );
  },
);

t.test('no responders and timeouts are 503 upstream_unavailable', async (t) => {
  const bus = await openTestBus(t);
  const started = Date.now();
  const none = await bus
    .request('nobody', 'home', StringValueSchema, { value: '' }, StringValueSchema, {
      timeoutMs: 3000,
    })
    .catch((e: unknown) => e);
  t.ok(none instanceof HallError);
  t.match(none, { status: 503, code: 'upstream_unavailable', title: '服务暂时不可用，请稍后再试' });
  t.ok(Date.now() - started < 2000, 'no responders fails fast, without waiting for the timeout');

  const server = bus.serve('slow', 'call', StringValueSchema, StringValueSchema, async () => {
    await sleep(500);
    return { value: 'late' };
  });
  t.teardown(() => server.stop());
  const late = await bus
    .request('slow', 'call', StringValueSchema, { value: '' }, StringValueSchema, {
      timeoutMs: 100,
    })
    .catch((e: unknown) => e);
  t.match(late, { status: 503, code: 'upstream_unavailable' });
});

t.test('servers in the queue group share the requests', async (t) => {
  const namespace = testNamespace();
  const client = await openTestBus(t, { namespace, name: 'client' });
  const a = await openTestBus(t, { namespace, name: 'replica-a' });
  const b = await openTestBus(t, { namespace, name: 'replica-b' });
  const served = { a: 0, b: 0 };
  const sa = a.serve('catalog', 'count', StringValueSchema, StringValueSchema, () => {
    served.a++;
    return { value: 'a' };
  });
  const sb = b.serve('catalog', 'count', StringValueSchema, StringValueSchema, () => {
    served.b++;
    return { value: 'b' };
  });
  t.teardown(async () => {
    await sa.stop();
    await sb.stop();
  });
  // Make sure both subscriptions reached the server before calling.
  await a.nc.flush();
  await b.nc.flush();
  const replies = await Promise.all(
    Array.from({ length: 60 }, () =>
      client.request('catalog', 'count', StringValueSchema, { value: '' }, StringValueSchema),
    ),
  );
  t.equal(replies.length, 60);
  t.equal(served.a + served.b, 60, 'each request handled exactly once');
  t.ok(served.a > 0 && served.b > 0, `both replicas took requests (a=${served.a}, b=${served.b})`);
});

t.test('trace context travels from the caller to the handler', async (t) => {
  const bus = await openTestBus(t);
  let handlerTraceId: string | undefined;
  let seenTraceparent: string | undefined;
  const server = bus.serve('trace', 'probe', StringValueSchema, StringValueSchema, (_req, ctx) => {
    seenTraceparent = ctx.headers.traceparent;
    handlerTraceId = trace.getActiveSpan()?.spanContext().traceId;
    return { value: 'ok' };
  });
  t.teardown(() => server.stop());
  exporter.reset();
  const tracer = trace.getTracer('test');
  const callerTraceId = await tracer.startActiveSpan('caller', async (span) => {
    await bus.request('trace', 'probe', StringValueSchema, { value: '' }, StringValueSchema);
    span.end();
    return span.spanContext().traceId;
  });
  t.match(
    seenTraceparent,
    new RegExp(`^00-${callerTraceId}-[0-9a-f]{16}-0[01]$`),
    'traceparent header arrives',
  );
  t.equal(handlerTraceId, callerTraceId, 'the handler runs inside the caller trace');

  const spans = exporter.getFinishedSpans();
  const client = spans.find((s) => s.name === 'trace/probe' && s.kind === SpanKind.CLIENT);
  const serverSpan = spans.find((s) => s.name === 'trace/probe' && s.kind === SpanKind.SERVER);
  t.ok(client && serverSpan, 'client and server spans recorded');
  t.equal(
    serverSpan?.parentSpanContext?.spanId,
    client?.spanContext().spanId,
    'server span is a child of the client span',
  );
  t.equal(serverSpan?.spanContext().traceId, callerTraceId);
  t.equal(serverSpan?.attributes['rpc.service'], 'trace');
});

t.test('a request that cannot be decoded is refused as invalid_request', async (t) => {
  const bus = await openTestBus(t);
  const server = bus.serve('echo', 'strict', StringValueSchema, StringValueSchema, (req) => ({
    value: req.value,
  }));
  t.teardown(() => server.stop());
  // 0xff is not a valid protobuf tag/wire type.
  const reply = await bus.nc.request(
    bus.subjects.rpc('echo', 'strict'),
    new Uint8Array([0xff, 0xff, 0xff]),
    { timeout: 2000 },
  );
  t.equal(reply.headers?.get('Hall-Rpc-Error-Code'), 'invalid_request');
  t.equal(reply.headers?.get('Hall-Rpc-Error-Status'), '400');
  t.equal(decodeURIComponent(reply.headers?.get('Hall-Rpc-Error-Message') ?? ''), '请求格式有误');
  t.equal(reply.data.length, 0, 'errors have an empty body');
});
