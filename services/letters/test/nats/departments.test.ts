import { create } from '@bufbuild/protobuf';
import { DepartmentSchema } from '@hall/proto/hall/catalog/v1/item_pb';
import t from 'tap';
import { departments } from '../../src/db/schema';
import { storeDepartment } from '../../src/domain/departments';
import { department, letterBody, submitted } from '../fixtures';
import { buildTestLetters, ownerSql, waitFor } from '../helper';

t.test('the departments read model follows the catalog’s events', async (t) => {
  const hall = await buildTestLetters(t);
  const sql = ownerSql(t, hall.databaseUrl);
  const dept = await department(hall, 'yuzhong', '市交委');
  const [row] = await sql`select station, name, enabled from departments where id = ${dept.id}`;
  t.same({ ...row }, { station: 'yuzhong', name: '市交委', enabled: true });

  const editor = await hall.catalog.tokens.staff('yuzhong', ['editor']);
  const renamed = await hall.catalog.app.inject({
    method: 'PATCH',
    url: `/stations/yuzhong/admin/departments/${dept.id}`,
    headers: editor,
    payload: { name: '交通运输委' },
  });
  t.equal(renamed.statusCode, 200, renamed.body);
  await waitFor('the new name', async () => {
    const [r] = await sql`select name from departments where id = ${dept.id}`;
    return r!.name === '交通运输委';
  });
  const receipt = await submitted(hall, 'yuzhong', letterBody('consultation', dept.id));
  const [letter] = await sql`select department_name from letters where id = ${receipt.id}`;
  t.equal(letter!.department_name, '交通运输委', 'letters copy the current name');

  // An observation older than what is known changes nothing.
  await hall.app.database.withStation('yuzhong', (tx) =>
    storeDepartment(
      tx,
      create(DepartmentSchema, { id: dept.id, station: 'yuzhong', name: '旧名称', enabled: false }),
      new Date('2020-01-01T00:00:00Z'),
    ),
  );
  const [still] = await sql`select name, enabled from departments where id = ${dept.id}`;
  t.same({ ...still }, { name: '交通运输委', enabled: true });
});

t.test(
  'a department the read model has not seen is asked of the catalog and remembered',
  async (t) => {
    const hall = await buildTestLetters(t);
    const sql = ownerSql(t, hall.databaseUrl);
    const dept = await department(hall, 'jiangbei', '江北区教委');
    await sql`delete from departments`;
    const receipt = await submitted(hall, 'jiangbei', letterBody('suggestion', dept.id));
    t.ok(receipt.code);
    const rows = await hall.app.database.withStation('jiangbei', (tx) =>
      tx.select().from(departments),
    );
    t.match(rows, [{ id: dept.id, station: 'jiangbei', name: '江北区教委', enabled: true }]);
  },
);
