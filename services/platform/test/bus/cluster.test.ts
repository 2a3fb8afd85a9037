/**
 * The bus on a 3-node JetStream cluster: NATS_URL as a server list, the events stream with
 * BUS_STREAM_REPLICAS copies, and an event published after the connected node crashed.
 */
import t from 'tap';
import { connectBus, type Bus } from '../../src/bus';
import { startNatsCluster, testNamespace } from '../../src/testing/nats';
import { captureLogger, sleep, waitFor } from './helpers';

/** Publish with a message id, retrying while the cluster fails over (deduplicated by the id). */
async function publishSurely(bus: Bus, id: string): Promise<void> {
  const subject = bus.subjects.event('cq', 'drill', 'happened');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await bus.js.publish(subject, new TextEncoder().encode(id), { msgID: id, timeout: 2000 });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(250);
    }
  }
}

t.test('the events stream is replicated three times and outlives a node', async (t) => {
  const cluster = await startNatsCluster();
  t.teardown(() => cluster.dispose());
  t.equal(cluster.url.split(',').length, 3, 'NATS_URL lists every node');
  const namespace = testNamespace();
  const open = async (streamReplicas?: number): Promise<Bus> => {
    const bus = await connectBus({
      url: cluster.url,
      name: 'cluster-test',
      namespace,
      logger: captureLogger(),
      reconnectTimeWaitMs: 250,
      streamReplicas,
    });
    t.teardown(() => bus.close());
    return bus;
  };

  // A tool without the setting creates a single copy; a service with 3 raises it in place.
  const tool = await open();
  await tool.ensureStream();
  t.equal((await tool.jsm.streams.info(tool.subjects.stream)).config.num_replicas, 1);
  const bus = await open(3);
  await bus.ensureStream();
  await waitFor('three current copies of the stream', async () => {
    const info = await bus.jsm.streams.info(bus.subjects.stream);
    return (
      info.config.num_replicas === 3 &&
      info.cluster?.replicas?.length === 2 &&
      info.cluster.replicas.every((r) => r.current)
    );
  });
  await tool.ensureStream();
  t.equal(
    (await tool.jsm.streams.info(tool.subjects.stream)).config.num_replicas,
    3,
    'ensureStream without the setting leaves the copies alone',
  );

  await publishSurely(bus, 'before-crash');
  const connectedTo = bus.nc.getServer();
  const crashed = cluster.nodes.find((n) => connectedTo.endsWith(`:${n.port}`));
  if (!crashed) throw new Error(`connected to an unknown server ${connectedTo}`);
  await crashed.stop({ kill: true });
  await publishSurely(bus, 'after-crash');
  t.not(bus.nc.getServer(), connectedTo, 'the client moved to another node');
  const info = await bus.jsm.streams.info(bus.subjects.stream);
  t.equal(info.state.messages, 2, 'both events are stored once, with a node down');

  await crashed.start();
  await waitFor('the restarted node to catch up', async () => {
    const again = await bus.jsm.streams.info(bus.subjects.stream);
    return (
      again.cluster?.replicas?.length === 2 &&
      again.cluster.replicas.every((r) => r.current && !r.offline)
    );
  });
  await bus.jsm.streams.delete(bus.subjects.stream);
});
