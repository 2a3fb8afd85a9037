import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import t from 'tap';
import { buildTestPublicity, expectProblem, streamEvents, waitFor } from '../helper';

t.test('站点个性化: the station admin sets it, everyone reads it, audited', async (t) => {
  const hall = await buildTestPublicity(t);
  const { app } = hall;
  const initial = await app.inject({ url: '/stations/yuzhong/profile' });
  t.equal(initial.statusCode, 200);
  t.same(initial.json(), {
    station: 'yuzhong',
    name: '渝中区',
    registryName: '渝中区',
    displayName: null,
    bannerTitle: null,
    bannerSubtitle: null,
    contact: { address: null, phone: null, hours: null, email: null },
    revision: 0,
    updatedAt: null,
  });
  t.equal(initial.headers.etag, '"0"');

  const admin = await hall.tokens.staff('yuzhong', ['station_admin']);
  const body = {
    displayName: '渝中区网上行政审批大厅',
    bannerTitle: '渝中区政务服务',
    bannerSubtitle: '一网通办 · 马上就办',
    contact: {
      address: '重庆市渝中区人民路258号',
      phone: '023-63899999',
      hours: '工作日 9:00–17:00',
      email: 'zwfw@cqyz.gov.cn',
    },
  };
  const put = (payload: unknown, revision: number | null, who = admin) =>
    app.inject({
      method: 'PUT',
      url: '/admin/stations/yuzhong/profile',
      headers: { ...who, ...(revision === null ? {} : { 'if-match': `"${revision}"` }) },
      payload: payload as Record<string, unknown>,
    });
  expectProblem(t, await put(body, null), 428, 'precondition_required');
  const saved = await put(body, 0);
  t.equal(saved.statusCode, 200, saved.body);
  t.match(saved.json(), { name: '渝中区网上行政审批大厅', revision: 1, contact: body.contact });
  expectProblem(t, await put(body, 0), 409, 'edit_conflict');
  t.match((await app.inject({ url: '/stations/yuzhong/profile' })).json(), {
    name: '渝中区网上行政审批大厅',
    bannerTitle: '渝中区政务服务',
    contact: { phone: '023-63899999' },
  });

  // Clearing the override brings the registry name back.
  const cleared = await put({ ...body, displayName: '' }, 1);
  t.match(cleared.json(), { name: '渝中区', displayName: null, revision: 2 });

  expectProblem(
    t,
    await put({ contact: { phone: '<script>', email: 'not-an-email' } }, 2),
    400,
    'validation_failed',
    [
      { field: 'contact/phone', code: 'schema.pattern' },
      { field: 'contact/email', code: 'schema.pattern' },
    ],
  );
  const editor = await hall.tokens.staff('yuzhong', ['editor']);
  expectProblem(t, await put(body, 2, editor), 403, 'forbidden');
  const otherAdmin = await hall.tokens.staff('jiangbei', ['station_admin']);
  expectProblem(t, await put(body, 2, otherAdmin), 404, 'not_found');
  expectProblem(t, await app.inject({ url: '/stations/wansheng/profile' }), 404, 'not_found');
  t.equal(
    (await app.inject({ url: '/stations/jiangbei/profile' })).json<{ name: string }>().name,
    '江北区',
  );

  const audits = await waitFor('the audit records', async () => {
    const list = (await streamEvents(hall.bus, AuditRecordedSchema)).filter(
      (a) => a.message.event === 'publicity.profile.updated',
    );
    return list.length >= 2 ? list : null;
  });
  t.equal(audits.length, 2);
  t.equal(audits[0]!.message.actorId, admin.id);
  t.equal(audits[0]!.message.targetId, 'yuzhong');
});
