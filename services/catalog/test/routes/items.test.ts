import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import {
  ItemPublishedSchema,
  ItemWithdrawnSchema,
} from '@hall/proto/hall/catalog/v1/catalog_events_pb';
import t from 'tap';
import { addDepartment, addItem, definition, TEACHER_FORM } from '../fixtures';
import {
  buildTestCatalog,
  expectProblem,
  ownerSql,
  streamEvents,
  testBus,
  waitFor,
} from '../helper';

t.test(
  'an item goes draft → published → new draft → published → withdrawn, keeping every version',
  async (t) => {
    const { app, config, tokens, databaseUrl } = await buildTestCatalog(t);
    const editor = await tokens.staff('cq', ['editor']);
    const department = await addDepartment(app, editor, 'cq', { code: 'JW', name: '市教委' });
    const first = definition(department.id, { form: TEACHER_FORM as never });

    // Created: a draft, version 1, not public.
    const created = await addItem(app, editor, 'cq', first);
    t.match(created, { status: 'draft', draftVersion: 1, publishedVersion: null, revision: 1 });
    const id = created.id;
    const hidden = await app.inject({ url: `/stations/cq/items/${id}` });
    expectProblem(t, hidden, 404, 'not_found');

    // Published: version 1 is the guide.
    const published = await app.inject({
      method: 'POST',
      url: `/stations/cq/admin/items/${id}/publish`,
      headers: { ...editor, 'if-match': '"1"' },
    });
    t.equal(published.statusCode, 200, published.body);
    t.match(published.json(), { status: 'published', publishedVersion: 1, draftVersion: null });
    t.equal(published.headers.etag, '"2"', 'the revision moved on');
    const guide = await app.inject({ url: `/stations/cq/items/${id}` });
    t.equal(guide.statusCode, 200);
    t.match(guide.json(), {
      id,
      version: 1,
      station: 'cq',
      department: { id: department.id, name: '市教委' },
      parent: null,
      subItems: [],
      definition: {
        name: first.name,
        implCode: first.implCode,
        form: { title: '教师资格认定申请表' },
      },
    });

    // Edited: a new draft (version 2); the public still sees version 1.
    const admin = await app.inject({ url: `/stations/cq/admin/items/${id}`, headers: editor });
    t.equal(admin.headers.etag, '"2"');
    const revision = admin.json<{ revision: number }>().revision;
    const edited = { ...first, name: '中等及中等以上学校教师资格认定（新）', visits: 0 };
    const saved = await app.inject({
      method: 'PUT',
      url: `/stations/cq/admin/items/${id}/draft`,
      headers: { ...editor, 'if-match': `"${revision}"` },
      payload: edited,
    });
    t.equal(saved.statusCode, 200, saved.body);
    t.match(saved.json(), { status: 'published', publishedVersion: 1, draftVersion: 2 });
    t.match((await app.inject({ url: `/stations/cq/items/${id}` })).json(), {
      version: 1,
      definition: { name: first.name },
    });
    const withDraft = (
      await app.inject({ url: `/stations/cq/admin/items/${id}`, headers: editor })
    ).json();
    t.match(withDraft, {
      draft: { version: 2, definition: { name: edited.name, visits: 0 } },
      published: { version: 1, definition: { name: first.name } },
    });
    t.same(
      withDraft.versions.map((v: { version: number; state: string }) => [v.version, v.state]),
      [
        [2, 'draft'],
        [1, 'published'],
      ],
    );

    // Saved again on the same draft: still version 2.
    const again = await app.inject({
      method: 'PUT',
      url: `/stations/cq/admin/items/${id}/draft`,
      headers: { ...editor, 'if-match': saved.headers.etag as string },
      payload: { ...edited, visits: 2 },
    });
    t.equal(again.statusCode, 200, again.body);
    t.equal(again.json().draftVersion, 2);

    // Published again: version 2 current, version 1 superseded and still readable.
    const second = await app.inject({
      method: 'POST',
      url: `/stations/cq/admin/items/${id}/publish`,
      headers: editor,
    });
    t.match(second.json(), { publishedVersion: 2, draftVersion: null });
    t.match((await app.inject({ url: `/stations/cq/items/${id}` })).json(), {
      version: 2,
      definition: { name: edited.name, visits: 2 },
    });
    const v1 = await app.inject({ url: `/stations/cq/items/${id}/versions/1` });
    t.equal(v1.statusCode, 200);
    t.match(v1.json(), { version: 1, state: 'superseded', definition: { name: first.name } });
    expectProblem(
      t,
      await app.inject({ url: `/stations/cq/items/${id}/versions/3` }),
      404,
      'not_found',
    );

    // Withdrawn: gone from the guide and lists, versions still readable for applications.
    const withdrawn = await app.inject({
      method: 'POST',
      url: `/stations/cq/admin/items/${id}/withdraw`,
      headers: editor,
    });
    t.equal(withdrawn.statusCode, 200, withdrawn.body);
    t.equal(withdrawn.json().status, 'withdrawn');
    expectProblem(t, await app.inject({ url: `/stations/cq/items/${id}` }), 404, 'not_found');
    t.equal((await app.inject({ url: '/stations/cq/items' })).json().total, 0);
    t.equal((await app.inject({ url: `/stations/cq/items/${id}/versions/2` })).statusCode, 200);
    expectProblem(
      t,
      await app.inject({
        method: 'POST',
        url: `/stations/cq/admin/items/${id}/withdraw`,
        headers: editor,
      }),
      409,
      'not_published',
    );

    // Re-listed without a draft: the last published version comes back.
    const relisted = await app.inject({
      method: 'POST',
      url: `/stations/cq/admin/items/${id}/publish`,
      headers: editor,
    });
    t.match(relisted.json(), { status: 'published', publishedVersion: 2 });

    const owner = ownerSql(t, databaseUrl);
    const versions =
      await owner`select version, state from item_versions where item_id = ${id} order by version`;
    t.same(
      versions.map((r) => [r.version, r.state]),
      [
        [1, 'superseded'],
        [2, 'published'],
      ],
      'both versions kept',
    );

    // Events and audit records reached the stream through the outbox.
    const bus = await testBus(t, config);
    const publishedEvents = await waitFor('three ItemPublished', async () => {
      const list = await streamEvents(bus, ItemPublishedSchema);
      return list.length === 3 ? list : null;
    });
    t.equal(publishedEvents[0]!.subject, `${config.BUS_NAMESPACE}.evt.cq.catalog.item_published`);
    t.equal(publishedEvents[0]!.station, 'cq');
    t.match(publishedEvents[0]!.message.item, {
      itemId: id,
      version: 1,
      name: first.name,
      departmentName: '市教委',
      powerType: '07',
    });
    t.equal(publishedEvents[0]!.message.previousVersion, undefined);
    t.match(publishedEvents[1]!.message, { item: { version: 2 }, previousVersion: 1 });
    const withdrawnEvents = await streamEvents(bus, ItemWithdrawnSchema);
    t.equal(withdrawnEvents.length, 1);
    t.match(withdrawnEvents[0]!.message, { itemId: id, version: 2 });
    const audits = await waitFor('audit records', async () => {
      const list = await streamEvents(bus, AuditRecordedSchema);
      return list.length >= 8 ? list : null;
    });
    t.same(
      audits.map((a) => a.message.event),
      [
        'catalog.department.created',
        'catalog.item.created',
        'catalog.item.published',
        'catalog.draft.saved',
        'catalog.draft.saved',
        'catalog.item.published',
        'catalog.item.withdrawn',
        'catalog.item.published',
      ],
    );
    t.ok(
      audits.every((a) => a.message.actorKind === 'staff' && a.message.targetId),
      'each names the staff member and the target',
    );
    t.equal(audits[2]!.subject, `${config.BUS_NAMESPACE}.evt.cq.catalog.audit_recorded`);
    t.equal(await owner`select 1 from outbox`.then((r) => r.length), 0, 'outbox drained');
  },
);

t.test('two editors cannot silently overwrite each other’s draft', async (t) => {
  const { app, tokens, databaseUrl } = await buildTestCatalog(t);
  const editor = await tokens.staff('cq', ['editor']);
  const department = await addDepartment(app, editor, 'cq', { code: 'JW', name: '市教委' });
  const def = definition(department.id);
  const { id, revision } = await addItem(app, editor, 'cq', def);

  const put = (ifMatch: string | undefined, name: string) =>
    app.inject({
      method: 'PUT',
      url: `/stations/cq/admin/items/${id}/draft`,
      headers: { ...editor, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
      payload: { ...def, name },
    });
  const first = await put(`"${revision}"`, '甲编辑的名称');
  t.equal(first.statusCode, 200);
  const stale = await put(`"${revision}"`, '乙编辑的名称');
  const problem = expectProblem(t, stale, 409, 'edit_conflict');
  t.match(problem.title, /已被他人修改/);
  const missing = await put(undefined, '丙编辑的名称');
  expectProblem(t, missing, 428, 'precondition_required');
  const owner = ownerSql(t, databaseUrl);
  const [row] =
    await owner`select definition->>'name' as name from item_versions where item_id = ${id}`;
  t.equal(row!.name, '甲编辑的名称', 'the first save stands');
  // Publishing with a stale revision is refused too.
  const stalePublish = await app.inject({
    method: 'POST',
    url: `/stations/cq/admin/items/${id}/publish`,
    headers: { ...editor, 'if-match': `"${revision}"` },
  });
  expectProblem(t, stalePublish, 409, 'edit_conflict');
});

t.test('drafts: discarding, and what cannot be discarded or published', async (t) => {
  const { app, tokens } = await buildTestCatalog(t);
  const editor = await tokens.staff('cq', ['station_admin']);
  const department = await addDepartment(app, editor, 'cq', { code: 'JW', name: '市教委' });
  const def = definition(department.id);
  const { id } = await addItem(app, editor, 'cq', def);
  expectProblem(
    t,
    await app.inject({
      method: 'DELETE',
      url: `/stations/cq/admin/items/${id}/draft`,
      headers: editor,
    }),
    409,
    'draft_only_version',
  );
  await app.inject({
    method: 'POST',
    url: `/stations/cq/admin/items/${id}/publish`,
    headers: editor,
  });
  expectProblem(
    t,
    await app.inject({
      method: 'POST',
      url: `/stations/cq/admin/items/${id}/publish`,
      headers: editor,
    }),
    409,
    'no_draft',
  );
  const head = (
    await app.inject({ url: `/stations/cq/admin/items/${id}`, headers: editor })
  ).json();
  await app.inject({
    method: 'PUT',
    url: `/stations/cq/admin/items/${id}/draft`,
    headers: { ...editor, 'if-match': String(head.revision) },
    payload: { ...def, name: '改过的名称' },
  });
  const discarded = await app.inject({
    method: 'DELETE',
    url: `/stations/cq/admin/items/${id}/draft`,
    headers: editor,
  });
  t.equal(discarded.statusCode, 200, discarded.body);
  t.match(discarded.json(), { draftVersion: null, publishedVersion: 1 });
  const after = (
    await app.inject({ url: `/stations/cq/admin/items/${id}`, headers: editor })
  ).json();
  t.equal(after.draft, null);
  t.equal(after.published.definition.name, def.name);
  t.same(
    after.versions.map((v: { version: number }) => v.version),
    [1],
  );
  // The next draft gets a fresh number: a discarded one is never reused.
  const next = await app.inject({
    method: 'PUT',
    url: `/stations/cq/admin/items/${id}/draft`,
    headers: { ...editor, 'if-match': String(after.revision) },
    payload: def,
  });
  t.equal(next.json().draftVersion, 3);
});

t.test('a sub-item cannot be published before its parent', async (t) => {
  const { app, tokens } = await buildTestCatalog(t);
  const editor = await tokens.staff('cq', ['editor']);
  const department = await addDepartment(app, editor, 'cq', { code: 'JW', name: '市教委' });
  const parent = await addItem(app, editor, 'cq', definition(department.id));
  const child = await addItem(
    app,
    editor,
    'cq',
    definition(department.id, { name: '高级中学教师资格认定', parentId: parent.id }),
  );
  const refused = await app.inject({
    method: 'POST',
    url: `/stations/cq/admin/items/${child.id}/publish`,
    headers: editor,
  });
  const problem = expectProblem(t, refused, 409, 'parent_not_published');
  t.match(problem.title, /父事项尚未发布/);
  await app.inject({
    method: 'POST',
    url: `/stations/cq/admin/items/${parent.id}/publish`,
    headers: editor,
  });
  const ok = await app.inject({
    method: 'POST',
    url: `/stations/cq/admin/items/${child.id}/publish`,
    headers: editor,
  });
  t.equal(ok.statusCode, 200, ok.body);
  const guide = (await app.inject({ url: `/stations/cq/items/${parent.id}` })).json();
  t.same(
    guide.subItems.map((s: { name: string }) => s.name),
    ['高级中学教师资格认定'],
  );
  const childGuide = (await app.inject({ url: `/stations/cq/items/${child.id}` })).json();
  t.match(childGuide.parent, { id: parent.id, name: '中等及中等以上学校教师资格认定' });
  // Withdrawing the parent hides its sub-items' guides too.
  await app.inject({
    method: 'POST',
    url: `/stations/cq/admin/items/${parent.id}/withdraw`,
    headers: editor,
  });
  expectProblem(t, await app.inject({ url: `/stations/cq/items/${child.id}` }), 404, 'not_found');
});

t.test('only editors and station admins change the catalog; operators may read', async (t) => {
  const { app, tokens } = await buildTestCatalog(t);
  const editor = await tokens.staff('cq', ['editor']);
  const clerk = await tokens.staff('cq', ['clerk']);
  const operator = await tokens.operator();
  const citizen = await tokens.citizen();
  const department = await addDepartment(app, editor, 'cq', { code: 'JW', name: '市教委' });
  const def = definition(department.id);
  const post = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/stations/cq/admin/items', headers, payload: def });
  expectProblem(t, await post({}), 401, 'unauthenticated');
  expectProblem(t, await post(citizen), 403, 'forbidden');
  expectProblem(t, await post(clerk), 403, 'forbidden');
  expectProblem(t, await post(operator), 403, 'forbidden');
  const list = await app.inject({ url: '/stations/cq/admin/items', headers: operator });
  t.equal(list.statusCode, 200, 'an operator reads');
  t.equal(list.json().total, 0, 'nothing was created');
});
