import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';

/**
 * Listen and shut down gracefully on SIGTERM/SIGINT: stop accepting, finish in-flight requests,
 * close the database and drain NATS (through the app's onClose hooks), then exit.
 */
export async function runServer(
  app: FastifyInstance,
  { host, port }: { host: string; port: number },
): Promise<void> {
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
  });
  await app.listen({ host, port });
}
