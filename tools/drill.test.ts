/**
 * The multi-node drill, short (`tools/drill --smoke`, about 1½ minutes): a 3-node NATS cluster
 * and two replicas of every service behind HAProxy lose a NATS node and one replica each under
 * load; every submission must reach the stream exactly once and publicity's 办件公告.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';

// Start-up of 14 replicas on 2 cores dominates: give it more than tap's default.
const timeout = 300_000;

t.test('tools/drill --smoke: nothing lost, nothing duplicated', { timeout }, async (t) => {
  const drill = spawn(
    join(import.meta.dirname, 'drill'),
    // Its own ports, so a drill started by hand meanwhile does not collide with it.
    ['--smoke', '--json', '--base-port', '47000'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  drill.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  drill.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  t.teardown(() => void drill.kill('SIGTERM'));
  const code = await new Promise<number | null>((resolve) => drill.once('exit', resolve));
  t.equal(code, 0, 'the drill passes', { stderr: stderr.slice(-4000) });

  const report = JSON.parse(stdout) as {
    verdict: string;
    requests: { failedTotal: number; journeysFailed: number };
    submissions: {
      receipts: number;
      storedSubmitted: number;
      receiptsNotMatchingRows: number;
      doubleClicks: number;
      doubleClickMismatches: string[];
      decisions: number;
    };
    events: {
      applicationSubmittedTotal: number;
      applicationSubmittedDistinct: number;
      lost: number;
      duplicated: number;
      prereviewEventsTotal: number;
      outboxesDrained: boolean;
    };
    publicity: { announcementRows: number };
    serials: { gapless: boolean };
    faults: { natsNode: string; replicas: string[] };
  };
  t.equal(report.verdict, 'pass');
  t.equal(report.faults.replicas.length, 7, 'one replica of each service was killed');
  t.ok(report.faults.natsNode, 'and a NATS node');
  t.ok(report.submissions.receipts > 0, 'citizens submitted under the faults');
  t.equal(report.requests.failedTotal, 0, 'no request failed once retried');
  t.equal(report.requests.journeysFailed, 0);
  t.equal(report.submissions.storedSubmitted, report.submissions.receipts, 'a row per receipt');
  t.equal(report.submissions.receiptsNotMatchingRows, 0, 'with the serial the citizen was given');
  t.same(report.submissions.doubleClickMismatches, [], 'a double click gets one serial');
  t.equal(report.events.lost, 0, 'no ApplicationSubmitted lost');
  t.equal(report.events.duplicated, 0, 'none duplicated');
  t.equal(report.events.applicationSubmittedTotal, report.submissions.receipts);
  t.equal(report.events.applicationSubmittedDistinct, report.submissions.receipts);
  t.equal(report.events.prereviewEventsTotal, report.submissions.decisions);
  t.ok(report.events.outboxesDrained, 'every outbox drained');
  t.equal(report.publicity.announcementRows, report.submissions.receipts, '办件公告 caught up');
  t.ok(report.serials.gapless, 'serials gapless');
});
