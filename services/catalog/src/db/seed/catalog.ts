/**
 * Seeding the catalog: every station's departments, and the realistic items of cq and the
 * districts that have them, created and published through the domain functions (so versions,
 * projections, search vectors, events and audit entries are exactly what staff edits produce).
 * Idempotent: departments are matched by code and items by 实施编码; what exists is left alone.
 */
import type { Actor, Database, Tx } from '@hall/platform';
import { and, eq } from 'drizzle-orm';
import { attachments, departments, items } from '../schema';
import { storeAttachment } from '../../domain/attachments';
import type { Material } from '../../domain/definition';
import { createDepartment } from '../../domain/departments';
import type { ChangeContext } from '../../domain/deps';
import { createItem, publishItem } from '../../domain/items';
import { formFileName, formWorkbook, isFormMaterial } from './blank-forms';
import { departmentsFor, SEED_STATIONS, seedItemsFor } from './data';

/** The actor seeding runs as when none is given: a fixed platform operator id. */
export const SEED_ACTOR: Actor = {
  kind: 'operator',
  id: '00000000-0000-7000-8000-000000005eed',
};

export interface SeedOptions {
  /** Bus namespace of the outbox events the domain functions enqueue. */
  namespace: string;
  /** Stations to seed; every station when absent. */
  stations?: readonly string[];
  actor?: Actor;
  /** Departments only (the scale generator brings its own items). Default true. */
  items?: boolean;
  now?: () => Date;
}

export interface StationSeedResult {
  station: string;
  departmentsCreated: number;
  departmentsExisting: number;
  itemsCreated: number;
  itemsExisting: number;
}

/** Seed `stations` (default all 42); returns what was created and what was already there. */
export async function seedCatalog(
  database: Database,
  options: SeedOptions,
): Promise<StationSeedResult[]> {
  const stationKeys = options.stations ?? SEED_STATIONS.map((s) => s.key);
  const known = new Set(SEED_STATIONS.map((s) => s.key));
  for (const key of stationKeys) if (!known.has(key)) throw new Error(`unknown station ${key}`);
  const results: StationSeedResult[] = [];
  for (const station of stationKeys) {
    const ctx: ChangeContext = {
      station,
      actor: options.actor ?? SEED_ACTOR,
      ip: null,
      namespace: options.namespace,
      now: options.now?.() ?? new Date(),
    };
    results.push(
      await database.withStation(station, (tx) => seedStation(tx, ctx, options.items ?? true)),
    );
  }
  return results;
}

async function seedStation(
  tx: Tx,
  ctx: ChangeContext,
  withItems: boolean,
): Promise<StationSeedResult> {
  const result: StationSeedResult = {
    station: ctx.station,
    departmentsCreated: 0,
    departmentsExisting: 0,
    itemsCreated: 0,
    itemsExisting: 0,
  };
  const departmentIds = new Map<string, string>(
    (
      await tx
        .select({ id: departments.id, code: departments.code })
        .from(departments)
        .where(eq(departments.station, ctx.station))
    ).map((d) => [d.code, d.id]),
  );
  for (const department of departmentsFor(ctx.station)) {
    if (departmentIds.has(department.code)) {
      result.departmentsExisting += 1;
      continue;
    }
    const created = await createDepartment(tx, ctx, {
      code: department.code,
      name: department.name,
      sortOrder: department.sortOrder,
    });
    departmentIds.set(department.code, created.id);
    result.departmentsCreated += 1;
  }
  if (!withItems) return result;

  const itemIds = new Map<string, string>(
    (
      await tx
        .select({ id: items.id, implCode: items.implCode })
        .from(items)
        .where(eq(items.station, ctx.station))
    ).map((i) => [i.implCode, i.id]),
  );
  for (const item of seedItemsFor(ctx.station)) {
    const { definition } = item;
    if (itemIds.has(definition.implCode)) {
      result.itemsExisting += 1;
      continue;
    }
    const departmentId = departmentIds.get(item.departmentCode);
    const parentId = item.parentImplCode === null ? null : itemIds.get(item.parentImplCode);
    // Data modules guarantee both; a miss is a bug in the seed data, not bad input.
    if (!departmentId)
      throw new Error(`seed item ${definition.name}: no department ${item.departmentCode}`);
    if (parentId === undefined)
      throw new Error(`seed item ${definition.name}: parent ${item.parentImplCode} not seeded`);
    try {
      const materials = await withBlankForms(tx, ctx, definition.name, definition.materials);
      const head = await createItem(tx, ctx, { ...definition, materials, departmentId, parentId });
      await publishItem(tx, ctx, head.id);
      itemIds.set(definition.implCode, head.id);
      result.itemsCreated += 1;
    } catch (err) {
      throw new Error(`seed item ${ctx.station}/${definition.name} failed: ${describe(err)}`, {
        cause: err,
      });
    }
  }
  return result;
}

/** Blank forms and samples for the application forms among `materials`, stored once per station. */
async function withBlankForms(
  tx: Tx,
  ctx: ChangeContext,
  itemName: string,
  materials: Material[],
): Promise<Material[]> {
  const out: Material[] = [];
  for (const material of materials) {
    if (!isFormMaterial(material.name)) {
      out.push(material);
      continue;
    }
    const attach = async (sample: boolean): Promise<string> => {
      const fileName = formFileName(material.name, sample);
      const [existing] = await tx
        .select({ id: attachments.id })
        .from(attachments)
        .where(and(eq(attachments.station, ctx.station), eq(attachments.fileName, fileName)))
        .limit(1);
      if (existing) return existing.id;
      const stored = await storeAttachment(tx, ctx, {
        fileName,
        content: await formWorkbook(material.name, itemName, sample),
      });
      return stored.id;
    };
    out.push({ ...material, blankFormId: await attach(false), sampleId: await attach(true) });
  }
  return out;
}

function describe(err: unknown): string {
  const errors = (err as { errors?: unknown }).errors;
  return `${(err as Error).message}${errors ? ` ${JSON.stringify(errors)}` : ''}`;
}
