import { eq, sql, type Logger } from 'drizzle-orm';
import t from 'tap';
import { Statement, slot } from '../../src/db/statement';
import { drivers } from './fixtures/databases';
import { notes, shared } from './fixtures/schema';

const notesWithValue = new Statement((executor) =>
  executor
    .select({ station: notes.station, text: notes.value })
    .from(notes)
    .where(eq(notes.value, sql.placeholder('value'))),
);
const addNote = new Statement((executor) =>
  executor
    .insert(notes)
    .values({ station: sql.placeholder('station'), value: sql.placeholder('value') })
    .returning({ seq: notes.seq }),
);
const renameNote = new Statement((executor) =>
  executor
    .update(notes)
    .set({ value: slot('to') })
    .where(eq(notes.value, sql.placeholder('from'))),
);
const sharedValue = new Statement((executor) =>
  executor
    .select({ value: shared.value })
    .from(shared)
    .where(eq(shared.key, sql.placeholder('key'))),
);

class Recorder implements Logger {
  readonly statements: string[] = [];
  logQuery(query: string): void {
    this.statements.push(query);
  }
}

for (const driver of drivers) {
  t.test(driver.name, async (t) => {
    const database = await driver.open(t);

    t.test('runs in the unit of work it is given, built once', async (t) => {
      await t.rejects(
        database.withStation('yuzhong', async (tx) => {
          const [added] = await addNote.run(tx, { station: 'yuzhong', value: '草稿' });
          t.type(added?.seq, 'number', 'returning is mapped to its field');
          t.same(
            await notesWithValue.run(tx, { value: '草稿' }),
            [{ station: 'yuzhong', text: '草稿' }],
            'sees what its transaction wrote and not yet committed',
          );
          await renameNote.run(tx, { from: '草稿', to: '定稿' });
          t.same(await notesWithValue.run(tx, { value: '定稿' }), [
            { station: 'yuzhong', text: '定稿' },
          ]);
          throw new Error('roll back');
        }),
        { message: 'roll back' },
      );
      t.same(
        await database.withAllStations((tx) => notesWithValue.run(tx, { value: '定稿' })),
        [],
        'its writes roll back with the transaction: they were made in it, not beside it',
      );
    });

    t.test('row-level security applies as to any statement of the unit', async (t) => {
      await database.withStation('jiangbei', (tx) =>
        addNote.run(tx, { station: 'jiangbei', value: '江北' }),
      );
      t.same(
        await database.withStation('yuzhong', (tx) => notesWithValue.run(tx, { value: '江北' })),
        [],
      );
      t.same(
        await database.withStation('jiangbei', (tx) => notesWithValue.run(tx, { value: '江北' })),
        [{ station: 'jiangbei', text: '江北' }],
      );
      await t.rejects(
        database.withStation('yuzhong', (tx) =>
          addNote.run(tx, { station: 'jiangbei', value: '越界' }),
        ),
        'writing another station’s row is refused',
      );
    });

    t.test('runs on the pool outside a unit of work', async (t) => {
      await database.withAllStations((tx) =>
        tx.insert(shared).values({ key: 'hotline', value: '12345' }),
      );
      t.same(await sharedValue.run(database.db, { key: 'hotline' }), [{ value: '12345' }]);
      t.same(await sharedValue.run(database.db, { key: 'nothing' }), []);
    });

    t.test('a placeholder without a value throws and runs nothing', async (t) => {
      await t.rejects(
        database.withStation('yuzhong', (tx) => addNote.run(tx, { station: 'yuzhong' })),
        { message: /No value for placeholder "value"/ },
      );
    });

    t.test(
      'another database gets the statement with its own client and query logger',
      async (t) => {
        const recorder = new Recorder();
        const other = await driver.open(t, { queryLogger: recorder });
        await other.withStation('cq', (tx) => addNote.run(tx, { station: 'cq', value: '市级' }));
        t.same(await other.withStation('cq', (tx) => notesWithValue.run(tx, { value: '市级' })), [
          { station: 'cq', text: '市级' },
        ]);
        t.same(
          await database.withAllStations((tx) => notesWithValue.run(tx, { value: '市级' })),
          [],
          'the first database has no such row',
        );
        t.ok(
          recorder.statements.some((s) => s.startsWith('insert into "notes"')),
          'its logger saw the statement',
        );
      },
    );
  });
}
