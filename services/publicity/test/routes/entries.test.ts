import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import t from 'tap';
import {
  buildTestPublicity,
  expectProblem,
  PDF,
  serveDepartments,
  streamEvents,
  upload,
  waitFor,
} from '../helper';

const DEPT = '0197a000-0000-7000-8000-0000000000d1';
const OTHER_STATION_DEPT = '0197a000-0000-7000-8000-0000000000d2';
const DISABLED_DEPT = '0197a000-0000-7000-8000-0000000000d3';

interface Entry {
  id: string;
  title: string;
  departmentName: string;
  periodStart: string;
  periodEnd: string;
  periodState: string;
  periodLabel: string;
  status: string;
  revision: number;
  file: { fileName: string; url: string; size: number } | null;
}

t.test(
  '办件公示: drafts, publish, the period decides what the public sees, 【下载】',
  async (t) => {
    const hall = await buildTestPublicity(t);
    const { app } = hall;
    serveDepartments(t, hall.bus, [
      { id: DEPT, station: 'yuzhong', name: '渝中区规划自然资源局' },
      { id: OTHER_STATION_DEPT, station: 'jiangbei', name: '江北区规划自然资源局' },
      { id: DISABLED_DEPT, station: 'yuzhong', name: '已撤销的局', enabled: false },
    ]);
    hall.clock.set('2026-03-10T10:00:00+08:00');
    const editor = await hall.tokens.staff('yuzhong', ['editor']);
    const file = await upload(
      app,
      editor,
      'yuzhong',
      '建设工程规划许可批前公示（解放碑项目）.pdf',
      PDF,
    );
    const entry = (overrides: Record<string, unknown> = {}) => ({
      title: '解放碑商业综合体建设工程规划许可批前公示',
      itemName: '建设工程规划许可证核发',
      departmentId: DEPT,
      summary: '拟核发建设工程规划许可证，现予公示，公示期内可提出意见。',
      periodStart: '2026-03-09',
      periodEnd: '2026-03-18',
      fileId: file.id,
      ...overrides,
    });
    const create = (body: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: '/admin/stations/yuzhong/publicity',
        headers: editor,
        payload: body,
      });
    const publish = (id: string, revision: number) =>
      app.inject({
        method: 'POST',
        url: `/admin/stations/yuzhong/publicity/${id}/publish`,
        headers: { ...editor, 'if-match': `"${revision}"` },
      });

    const open = await create(entry());
    t.equal(open.statusCode, 201, open.body);
    t.match(open.json<Entry>(), {
      departmentName: '渝中区规划自然资源局',
      status: 'draft',
      periodState: 'open',
      periodLabel: '公示中',
      file: { fileName: '建设工程规划许可批前公示（解放碑项目）.pdf', size: PDF.length },
    });
    const upcoming = (
      await create(entry({ title: '下月公示', periodStart: '2026-04-01', periodEnd: '2026-04-10' }))
    ).json<Entry>();
    const ended = (
      await create(entry({ title: '往期公示', periodStart: '2026-02-01', periodEnd: '2026-02-10' }))
    ).json<Entry>();
    t.equal(ended.periodLabel, '公示期满');

    const publicList = async (query = '') =>
      (await app.inject({ url: `/stations/yuzhong/publicity${query}` })).json<{
        items: Entry[];
        total: number;
      }>();
    t.equal((await publicList()).total, 0, 'drafts are not public');
    for (const e of [open.json<Entry>(), upcoming, ended])
      t.equal((await publish(e.id, 1)).statusCode, 200);

    // Within or after the period start only; newest period first.
    const listed = await publicList();
    t.same(
      listed.items.map((e) => e.title),
      ['解放碑商业综合体建设工程规划许可批前公示', '往期公示'],
    );
    t.same(
      listed.items.map((e) => e.periodLabel),
      ['公示中', '公示期满'],
    );
    t.equal(
      (await app.inject({ url: `/stations/yuzhong/publicity/${upcoming.id}` })).statusCode,
      404,
    );
    t.same(
      (await publicList(`?q=${encodeURIComponent('解放碑')}`)).items.map((e) => e.title),
      ['解放碑商业综合体建设工程规划许可批前公示'],
    );
    t.equal(
      (await publicList(`?q=${encodeURIComponent('规划自然资源局')}`)).total,
      2,
      'the department is searchable',
    );

    // 【下载】: the details file under its Chinese name (RFC 5987), online view with inline=true.
    const publicEntry = listed.items[0]!;
    t.equal(publicEntry.file!.url, `/stations/yuzhong/publicity/${publicEntry.id}/file`);
    const download = await app.inject({ url: publicEntry.file!.url });
    t.equal(download.statusCode, 200);
    t.same(download.rawPayload, PDF);
    t.equal(
      download.headers['content-disposition'],
      `attachment; filename="${'_'.repeat(19)}.pdf"; filename*=UTF-8''${encodeURIComponent(
        '建设工程规划许可批前公示（解放碑项目）.pdf',
      ).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    t.match(
      (await app.inject({ url: `${publicEntry.file!.url}?inline=true` })).headers[
        'content-disposition'
      ],
      /^inline; filename=/,
    );
    t.equal(
      (await app.inject({ url: `/stations/yuzhong/publicity/${upcoming.id}/file` })).statusCode,
      404,
      'not before its period',
    );
    t.equal(
      (await app.inject({ url: file.url })).statusCode,
      200,
      'the attachment route serves it too',
    );

    // Unpublished: gone from the public side, file included.
    const withdrawn = await app.inject({
      method: 'POST',
      url: `/admin/stations/yuzhong/publicity/${ended.id}/unpublish`,
      headers: { ...editor, 'if-match': '"2"' },
    });
    t.equal(withdrawn.statusCode, 200);
    t.equal((await publicList()).total, 1);

    // Edits: If-Match, the department resolved again, the period checked.
    const edited = await app.inject({
      method: 'PUT',
      url: `/admin/stations/yuzhong/publicity/${upcoming.id}`,
      headers: { ...editor, 'if-match': '"2"' },
      payload: entry({
        title: '下月公示（更正）',
        periodStart: '2026-03-10',
        periodEnd: '2026-03-20',
      }),
    });
    t.equal(edited.statusCode, 200, edited.body);
    t.equal(edited.json<Entry>().revision, 3);
    t.equal((await publicList()).total, 2, 'its period now open');

    const refused = await create(
      entry({
        periodStart: '2026-03-20',
        periodEnd: '2026-03-10',
        fileId: '0197a000-0000-7000-8000-00000000beef',
      }),
    );
    expectProblem(t, refused, 400, 'validation_failed', [
      { field: 'periodEnd', code: 'period.order' },
    ]);
    const noFile = await create(entry({ fileId: '0197a000-0000-7000-8000-00000000beef' }));
    expectProblem(t, noFile, 400, 'validation_failed', [
      { field: 'fileId', code: 'attachment.unknown' },
    ]);
    for (const departmentId of [
      OTHER_STATION_DEPT,
      DISABLED_DEPT,
      '0197a000-0000-7000-8000-00000000ffff',
    ])
      expectProblem(t, await create(entry({ departmentId })), 400, 'validation_failed', [
        { field: 'departmentId', code: 'department.unknown' },
      ]);
    expectProblem(t, await create(entry({ periodStart: '2026-02-30' })), 400, 'validation_failed', [
      { field: 'periodStart', code: 'schema.format' },
    ]);

    // Staff of another station and other roles.
    const other = await hall.tokens.staff('jiangbei', ['editor']);
    expectProblem(
      t,
      await app.inject({ url: `/admin/stations/yuzhong/publicity/${upcoming.id}`, headers: other }),
      404,
      'not_found',
    );
    expectProblem(
      t,
      await app.inject({
        url: `/admin/stations/jiangbei/publicity/${upcoming.id}`,
        headers: other,
      }),
      404,
      'not_found',
    );
    expectProblem(
      t,
      await app.inject({ url: `/stations/jiangbei/publicity/${upcoming.id}` }),
      404,
      'not_found',
    );
    const clerk = await hall.tokens.staff('yuzhong', ['clerk']);
    expectProblem(
      t,
      await app.inject({ url: '/admin/stations/yuzhong/publicity', headers: clerk }),
      403,
      'forbidden',
    );

    const audits = await waitFor('the audit records', async () => {
      const list = await streamEvents(hall.bus, AuditRecordedSchema);
      return list.length >= 9 ? list : null;
    });
    t.same(
      audits
        .map((a) => a.message.event)
        .filter((e) => e.startsWith('publicity.entry.'))
        .sort(),
      [
        'publicity.entry.created',
        'publicity.entry.created',
        'publicity.entry.created',
        'publicity.entry.published',
        'publicity.entry.published',
        'publicity.entry.published',
        'publicity.entry.unpublished',
        'publicity.entry.updated',
      ],
    );
  },
);

t.test('the catalog away: 503, nothing written', async (t) => {
  const hall = await buildTestPublicity(t);
  const editor = await hall.tokens.staff('yuzhong', ['editor']);
  const file = await upload(hall.app, editor, 'yuzhong', '公示.pdf', PDF);
  const res = await hall.app.inject({
    method: 'POST',
    url: '/admin/stations/yuzhong/publicity',
    headers: editor,
    payload: {
      title: '公示',
      itemName: '事项',
      departmentId: DEPT,
      periodStart: '2026-03-01',
      periodEnd: '2026-03-05',
      fileId: file.id,
    },
  });
  expectProblem(t, res, 503, 'upstream_unavailable');
  const list = await hall.app.inject({ url: '/admin/stations/yuzhong/publicity', headers: editor });
  t.equal(list.json<{ total: number }>().total, 0);
});
