import t from 'tap';
import { describe, evaluate, loadQuestions } from '../../eval/evaluate';
import { FLOORS } from '../../eval/floors';
import { startEvalHall } from '../../eval/hall';

t.test('the robot keeps its accuracy on the fixed question set', async (t) => {
  const set = loadQuestions();
  t.ok(set.questions.length >= 60, `${set.questions.length} questions`);
  t.ok(
    set.questions.filter((q) => q.intent === 'unknown').length >= 8,
    'questions it must not answer',
  );
  t.ok(set.questions.filter((q) => q.intent === 'faq').length >= 5, 'FAQ questions');

  const hall = await startEvalHall();
  t.teardown(() => hall.close());
  const report = await evaluate(hall, set);
  t.comment(describe(report));
  t.ok(report.top1 >= FLOORS.top1, `top-1 ${report.top1.toFixed(3)} ≥ ${FLOORS.top1}`);
  t.ok(report.top3 >= FLOORS.top3, `top-3 ${report.top3.toFixed(3)} ≥ ${FLOORS.top3}`);
  const unknowns = report.scored.filter((s) => s.question.intent === 'unknown');
  t.ok(
    unknowns.every((s) => s.intent === 'unknown'),
    'every question the catalog cannot answer is answered “unknown”',
  );
});
