import { fileURLToPath } from 'node:url';
import { create } from '@bufbuild/protobuf';
import { Database } from '@hall/platform';
import { createTestDatabase } from '@hall/platform/testing';
import {
  Collection,
  ItemVersionSchema,
  Necessity,
  type ItemVersion,
} from '@hall/proto/hall/catalog/v1/item_pb';
import { sql, type Logger } from 'drizzle-orm';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { ItemVersions, snapshotOf } from '../../src/domain/items';

const migrationsFolder = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));

function itemVersion(station: string, itemId: string, version: number): ItemVersion {
  return create(ItemVersionSchema, {
    summary: { itemId, version, station, name: `事项 ${version}`, online: true },
    notice: '阅读须知',
    formJson: JSON.stringify({ type: 'object', title: '表', properties: {} }),
    materials: [
      {
        id: 'm1',
        name: '身份证明',
        necessity: Necessity.REQUIRED,
        collection: Collection.UPLOAD,
        fileTypes: ['PDF'],
      },
    ],
  });
}

t.test(
  'item versions: read once, kept, frozen, per station, least recently used first out',
  async (t) => {
    const testDb = await createTestDatabase('submissions_items');
    t.teardown(() => testDb.drop());
    let statements = 0;
    const queryLogger: Logger = {
      logQuery: (text) => {
        if (text.includes('"item_versions"')) statements += 1;
      },
    };
    const database = await Database.open({
      url: testDb.url,
      migrationsFolder,
      appRole: 'hall_app',
      maxConnections: 2,
      queryLogger,
    });
    t.teardown(() => database.close());
    const itemId = uuidv7();
    const versions = new ItemVersions(2);
    for (const version of [1, 2, 3])
      await database.withStation('yuzhong', (tx) =>
        versions.store(tx, itemVersion('yuzhong', itemId, version)),
      );
    const load = (version: number, station = 'yuzhong') =>
      database.withStation(station, (tx) => versions.load(tx, station, itemId, version));

    statements = 0;
    const first = await load(1);
    t.same(first, snapshotOf(itemVersion('yuzhong', itemId, 1)), 'the version as stored');
    t.equal(statements, 1, 'read from the database the first time');
    t.equal(await load(1), first, 'then answered from memory');
    t.equal(statements, 1, 'without reading it again');

    t.throws(
      () => {
        (first.materials as unknown as unknown[]).push({});
      },
      TypeError,
      'a kept version cannot be changed by one request for the next',
    );
    t.throws(() => {
      (first.materials[0] as { name: string }).name = '改';
    }, TypeError);

    await t.rejects(
      load(1, 'jiangbei'),
      /is not cached/,
      'another station reads its own rows, never what is kept for yuzhong',
    );

    await load(2);
    await load(1); // used again: 2 is now the least recently used
    await load(3);
    await database.withStation('yuzhong', (tx) => tx.execute(sql`delete from item_versions`));
    statements = 0;
    t.equal((await load(1)).version, 1, 'recently used: still kept');
    t.equal((await load(3)).version, 3);
    t.equal(statements, 0);
    await t.rejects(load(2), /is not cached/, 'past the limit, the least recently used went first');
  },
);
