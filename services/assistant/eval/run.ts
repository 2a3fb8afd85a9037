/**
 * `pnpm --filter @hall/assistant eval`: the catalog (seeded) and the robot in this process, on
 * the test PostgreSQL and NATS (HALL_TEST_PG_URL, HALL_TEST_NATS_URL; `tools/services up`
 * starts them), then every question of eval/questions.json: top-1 and top-3 accuracy and every
 * miss; then the same for the held-out eval/holdout.json. Exits non-zero when a figure of
 * questions.json is under the floors the tap test holds it to.
 */
import { describe, evaluate, loadQuestions } from './evaluate';
import { FLOORS } from './floors';
import { startEvalHall } from './hall';

const print = (text: string) => process.stdout.write(`${text}\n`);

process.env.HALL_TEST_PG_URL ??= 'postgres://hall:hall@127.0.0.1:55432/postgres';
process.env.HALL_TEST_NATS_URL ??= 'nats://127.0.0.1:54222';

const started = Date.now();
const hall = await startEvalHall();
try {
  print(`catalog seeded and indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const report = await evaluate(hall);
  print(describe(report));
  // Never tuned on: how the robot does on phrasings it has not seen.
  print('\nheld-out questions (eval/holdout.json):');
  print(describe(await evaluate(hall, loadQuestions('holdout.json'))));
  if (report.top1 < FLOORS.top1 || report.top3 < FLOORS.top3) {
    console.error(`below the floors (top-1 ≥ ${FLOORS.top1}, top-3 ≥ ${FLOORS.top3})`);
    process.exitCode = 1;
  }
} finally {
  await hall.close();
}
