import { isStationKey } from '../db/tenancy';

/** `hall`, or a private prefix such as `t_ab12cd` in tests; same rule as config BUS_NAMESPACE. */
export const NAMESPACE_PATTERN = /^[a-z][a-z0-9_]{0,30}$/;
/** A domain (`identity`, `submissions`), event (`staff_changed`) or method (`get_staff`) token. */
export const TOKEN_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export interface BusSubjects {
  readonly namespace: string;
  /** The JetStream stream that captures every event of the namespace, e.g. `HALL_EVENTS`. */
  readonly stream: string;
  /** `${ns}.evt.>`: what the stream captures. */
  readonly allEvents: string;
  /** `${ns}.evt.<station>.<domain>.<event>` */
  event(station: string, domain: string, event: string): string;
  /** Filter for one domain's events at every station: `${ns}.evt.*.<domain>.>` (or one event). */
  domainEvents(domain: string, event?: string): string;
  /** `${ns}.rpc.<domain>.<method>` */
  rpc(domain: string, method: string): string;
}

export function assertNamespace(namespace: string): void {
  if (!NAMESPACE_PATTERN.test(namespace)) throw new Error(`invalid bus namespace '${namespace}'`);
}

function token(kind: string, value: string): string {
  // A dot, space or wildcard would silently change which subscriptions match: refuse it.
  if (!TOKEN_PATTERN.test(value)) throw new Error(`invalid ${kind} subject token '${value}'`);
  return value;
}

export function streamName(namespace: string): string {
  assertNamespace(namespace);
  return `${namespace.toUpperCase()}_EVENTS`;
}

export function busSubjects(namespace: string): BusSubjects {
  assertNamespace(namespace);
  return {
    namespace,
    stream: streamName(namespace),
    allEvents: `${namespace}.evt.>`,
    event(station, domain, event) {
      if (!isStationKey(station)) throw new Error(`invalid station subject token '${station}'`);
      return `${namespace}.evt.${station}.${token('domain', domain)}.${token('event', event)}`;
    },
    domainEvents(domain, event) {
      return `${namespace}.evt.*.${token('domain', domain)}.${event === undefined ? '>' : token('event', event)}`;
    },
    rpc(domain, method) {
      return `${namespace}.rpc.${token('domain', domain)}.${token('method', method)}`;
    },
  };
}
