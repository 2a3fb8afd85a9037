import {
  context,
  propagation,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { Match, headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';

/** Header names the hall puts on NATS messages. */
export const BusHeaders = {
  /** JetStream's de-duplication key; the event id (UUIDv7). */
  msgId: 'Nats-Msg-Id',
  eventType: 'Hall-Event-Type',
  station: 'Hall-Station',
  occurredAt: 'Hall-Occurred-At',
  rpcErrorCode: 'Hall-Rpc-Error-Code',
  rpcErrorStatus: 'Hall-Rpc-Error-Status',
  /** The Chinese title, URL-encoded (header values must stay single-line ASCII-safe). */
  rpcErrorMessage: 'Hall-Rpc-Error-Message',
  rpcErrorDetail: 'Hall-Rpc-Error-Detail',
  /** Field errors of a validation failure, URL-encoded JSON. */
  rpcErrorFields: 'Hall-Rpc-Error-Fields',
} as const;

const recordSetter: TextMapSetter<Record<string, string>> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

const hdrsGetter: TextMapGetter<MsgHdrs | undefined> = {
  get(carrier, key) {
    // Propagators ask for lower-case keys; other clients may have sent another case.
    const value = carrier?.get(key, Match.IgnoreCase);
    return value ? value : undefined;
  },
  keys(carrier) {
    return carrier ? carrier.keys() : [];
  },
};

/** The active trace context as plain headers (`traceparent`, `tracestate`). */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier, recordSetter);
  return carrier;
}

/** The trace context a message carried, as the parent for the span that handles it. */
export function extractTraceContext(hdrs: MsgHdrs | undefined, base: Context): Context {
  return propagation.extract(base, hdrs, hdrsGetter);
}

export function toMsgHdrs(record: Record<string, string>): MsgHdrs {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(record)) h.set(k, v);
  return h;
}

export function fromMsgHdrs(hdrs: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!hdrs) return out;
  for (const k of hdrs.keys()) out[k] = hdrs.get(k);
  return out;
}

const recordGetter: TextMapGetter<Record<string, string>> = {
  get(carrier, key) {
    return carrier[key];
  },
  keys(carrier) {
    return Object.keys(carrier);
  },
};

/** The trace context stored with an outbox row. */
export function extractTraceContextFromRecord(
  record: Record<string, string>,
  base: Context,
): Context {
  return propagation.extract(base, record, recordGetter);
}
