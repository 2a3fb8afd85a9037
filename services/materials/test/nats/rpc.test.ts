import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  GetOwnedFilesRequestSchema,
  GetOwnedFilesResponseSchema,
} from '@hall/proto/hall/materials/v1/materials_rpc_pb';
import t from 'tap';
import { jpeg, pdf } from '../fixtures';
import { buildTestMaterials, testBus, uploaded, type Caller } from '../helper';

t.test(
  'get_owned_files answers the owner’s stored files in order, deleted ones included',
  async (t) => {
    const { app, tokens, config } = await buildTestMaterials(t);
    const person = await tokens.person();
    const other = await tokens.person();
    const a = await uploaded(t, app, person, { filename: '身份证.jpg', content: jpeg() });
    const b = await uploaded(t, app, person, { filename: '申请书.pdf', content: pdf() });
    const theirs = await uploaded(t, app, other, { filename: '别人的.pdf', content: pdf() });
    const bus = await testBus(t, config);
    const get = (owner: Pick<Caller, 'kind' | 'id'>, fileIds: string[]) =>
      bus.request(
        'materials',
        'get_owned_files',
        GetOwnedFilesRequestSchema,
        { owner: { kind: owner.kind, id: owner.id }, fileIds },
        GetOwnedFilesResponseSchema,
      );
    const failure = (owner: Pick<Caller, 'kind' | 'id'>, fileIds: string[]) =>
      get(owner, fileIds).then(
        () => null,
        (err: unknown) => err,
      );

    const reply = await get(person, [b.id, a.id]);
    t.same(
      reply.files.map((f) => f.id),
      [b.id, a.id],
      'in the order asked',
    );
    const first = reply.files[0]!;
    t.match(first, {
      name: '申请书.pdf',
      mediaType: 'application/pdf',
      extension: 'pdf',
      sha256: b.sha256,
    });
    t.equal(first.size, BigInt(b.size));
    t.equal(timestampDate(first.uploadedAt!).toISOString(), b.uploadedAt);
    t.same((await get(person, [])).files, [], 'nothing asked, nothing answered');

    await app.inject({ method: 'DELETE', url: `/files/${a.id}`, headers: person.headers });
    t.same(
      (await get(person, [a.id])).files.map((f) => f.id),
      [a.id],
      'a file deleted from the library still answers (a draft refers to it)',
    );

    for (const [what, owner, ids] of [
      ['another owner’s file', person, [a.id, theirs.id]],
      ['a file asked by someone else', other, [a.id]],
      ['the same id as another kind of owner', { kind: 'unit', id: person.id }, [a.id]],
      ['an unknown id', person, ['0190a0b0-0000-7000-8000-000000000001']],
      ['not an id', person, ['x']],
      ['an invalid owner', { kind: 'operator', id: person.id }, [a.id]],
    ] as const) {
      t.match(await failure(owner, [...ids]), { status: 404, code: 'not_found' }, what);
    }
  },
);
