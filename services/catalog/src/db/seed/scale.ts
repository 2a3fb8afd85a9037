/**
 * The scale generator: N published items per station for every station (2,400 × 42 > 100,000 by
 * default), for load tests. Names come from each department's subjects and the national power
 * types' wording; the guides, materials and forms are the seeded items' (realistic, valid), so a
 * generated item looks like a real one in every view. ~5 % of the generated top-level items get
 * sub-items.
 *
 * Rows go straight into `items` and `item_versions` in large batches, with the projection and
 * search vector built by the service's own `projectionOf` and `searchVector`; no events and no
 * audit entries (this is load-test data, not staff work). Deterministic per station: a second run
 * finds every 实施编码 taken and adds nothing.
 */
import type { Actor, Database, Tx } from '@hall/platform';
import { eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { checkDefinition, type ItemDefinition } from '../../domain/definition';
import type { PowerTypeCode } from '../../domain/power-types';
import { projectionOf } from '../../domain/projection';
import { searchVector } from '../../domain/search';
import { departments, items, itemVersions } from '../schema';
import { SEED_ACTOR, seedCatalog } from './catalog';
import {
  departmentsFor,
  localeFor,
  SEED_STATIONS,
  seedItemsFor,
  STATIONS_WITH_ITEMS,
} from './data';
import type { DepartmentKey } from './data/departments';
import { defaultProcess, phoneNumber, type SeedDefinition, type StationLocale } from './data/model';
import {
  DEPARTMENT_SUBJECTS,
  GENERIC_SUBJECTS,
  NAME_PATTERNS,
  POWER_TYPE_WEIGHTS,
  QUALIFIERS,
  SUB_ITEM_VARIANTS,
} from './data/subjects';

export const DEFAULT_PER_STATION = 2400;

export interface ScaleOptions {
  /** Generated items per station, sub-items included. */
  perStation?: number;
  /** Stations to fill; all 42 when absent. */
  stations?: readonly string[];
  /** Bus namespace for the departments and realistic items seeded first. */
  namespace: string;
  /** Rows per INSERT statement. */
  batchSize?: number;
  actor?: Actor;
  now?: Date;
  /** Also seed the realistic items first (default true; departments are always ensured). */
  realistic?: boolean;
  /** Check every generated definition with the service's validation (slower; tests). */
  validate?: boolean;
  onStation?: (result: ScaleStationResult) => void;
}

export interface ScaleStationResult {
  station: string;
  inserted: number;
  existing: number;
}

export interface ScaleResult {
  stations: ScaleStationResult[];
  inserted: number;
  existing: number;
  milliseconds: number;
}

/** A small, fast PRNG (mulberry32) so every station's catalog is the same on every run. */
function prng(seedText: string): () => number {
  let a = [...seedText].reduce(
    (h, ch) => Math.imul(h ^ ch.charCodeAt(0), 2654435761) >>> 0,
    1779033703,
  );
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

function weightedPowerType(random: () => number): PowerTypeCode {
  const total = POWER_TYPE_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [code, weight] of POWER_TYPE_WEIGHTS) {
    r -= weight;
    if (r < 0) return code;
  }
  return '01';
}

/** Top-level seeded definitions by department key: the guides generated items borrow. */
function templatePool(): { byKey: Map<DepartmentKey, SeedDefinition[]>; all: SeedDefinition[] } {
  const byKey = new Map<DepartmentKey, SeedDefinition[]>();
  const all: SeedDefinition[] = [];
  for (const station of STATIONS_WITH_ITEMS) {
    const codes = new Map(departmentsFor(station).map((d) => [d.code, d.keys[0]!]));
    for (const item of seedItemsFor(station)) {
      if (item.parentImplCode !== null) continue;
      const key = codes.get(item.departmentCode);
      all.push(item.definition);
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), item.definition]);
    }
  }
  return { byKey, all };
}

interface StationDepartment {
  id: string;
  code: string;
  name: string;
  key: DepartmentKey | null;
}

export interface GeneratedItem {
  id: string;
  /** 实施编码 of the parent, for sub-items. */
  parentImplCode: string | null;
  definition: ItemDefinition;
  departmentName: string;
  subItemNames: string[];
}

/** The generated items of one station, parents directly before their sub-items. */
export function generateStationItems(
  station: string,
  stationDepartments: readonly StationDepartment[],
  count: number,
): GeneratedItem[] {
  if (stationDepartments.length === 0 || count <= 0) return [];
  const random = prng(`scale/${station}`);
  const pool = templatePool();
  const level =
    SEED_STATIONS.find((s) => s.key === station)?.kind === 'municipality'
      ? 'municipal'
      : 'district';
  const locale = localeFor(station);
  const usedNames = new Set<string>();
  const out: GeneratedItem[] = [];
  let sequence = 0;
  const codes = (department: StationDepartment, powerType: string, seq: number, sub: number) => {
    const basicCode = `${powerType}${String(stationDepartments.indexOf(department) + 1).padStart(3, '0')}${String(10000 + seq).padStart(5, '0')}${String(sub).padStart(2, '0')}`;
    return { basicCode, implCode: `${department.code}${basicCode}` };
  };
  while (out.length < count) {
    sequence += 1;
    const department = stationDepartments[(sequence - 1) % stationDepartments.length]!;
    const powerType = weightedPowerType(random);
    const subjects = (department.key && DEPARTMENT_SUBJECTS[department.key]) || GENERIC_SUBJECTS;
    let name = pick(random, NAME_PATTERNS[powerType]).replace('$', pick(random, subjects));
    for (let q = 0; usedNames.has(name); q++) {
      const base = name.replace(/（[^（）]*）$/, '');
      name =
        q < QUALIFIERS.length
          ? `${base}${QUALIFIERS[q]}`
          : `${base}（第${q - QUALIFIERS.length + 2}类）`;
    }
    usedNames.add(name);
    const templates = (department.key && pool.byKey.get(department.key)) || pool.all;
    const template = pick(random, templates);
    const online = random() < 0.75;
    const serviceObjects: ItemDefinition['serviceObjects'] =
      random() < 0.3 ? ['person', 'legal'] : random() < 0.5 ? ['person'] : ['legal'];
    const subCount = random() < 0.05 ? (random() < 0.5 ? 2 : 3) : 0;
    // The parent and its sub-items must fit in what is left of `count`.
    const subNames =
      out.length + 1 + subCount <= count
        ? SUB_ITEM_VARIANTS.slice(0, subCount).map((v) => `${name}${v}`)
        : [];
    const base = (itemName: string, sub: number, parentId: string | null): ItemDefinition => ({
      ...template,
      ...codes(department, powerType, sequence, sub),
      name: itemName,
      powerType,
      departmentId: department.id,
      parentId,
      level,
      serviceObjects,
      online,
      onlineDepth: online ? (template.onlineDepth ?? 4) : null,
      visits: online ? template.visits : Math.max(1, template.visits),
      sortOrder: 100000 + sequence * 10 + sub,
      // Where and whom to ask: this station's hall and this department, not the template's.
      ...guideContacts(locale, department, sequence, powerType, template.handlingType),
    });
    const parent: GeneratedItem = {
      id: uuidv7(),
      parentImplCode: null,
      definition: base(name, 0, null),
      departmentName: department.name,
      subItemNames: subNames,
    };
    out.push(parent);
    subNames.forEach((subName, i) =>
      out.push({
        id: uuidv7(),
        parentImplCode: parent.definition.implCode,
        definition: base(subName, i + 1, parent.id),
        departmentName: department.name,
        subItemNames: [],
      }),
    );
  }
  return out;
}

function guideContacts(
  locale: StationLocale,
  department: StationDepartment,
  sequence: number,
  powerType: PowerTypeCode,
  handlingType: ItemDefinition['handlingType'],
): Pick<ItemDefinition, 'location' | 'consultation' | 'supervision' | 'process'> {
  const place = `${locale.hallName}${department.name}窗口`;
  return {
    location: `${locale.hallName}（${locale.hallAddress}）${department.name}窗口`,
    consultation: `窗口咨询：${place}；电话咨询：${phoneNumber(locale, sequence)}`,
    supervision: `${locale.supervisor}：${phoneNumber(locale, 9999)}；12345政务服务便民热线：12345`,
    process: defaultProcess(powerType, handlingType, place),
  };
}

/** Fill `stations` with generated items; departments (and realistic items) are seeded first. */
export async function scaleCatalog(
  database: Database,
  options: ScaleOptions,
): Promise<ScaleResult> {
  const started = Date.now();
  const perStation = options.perStation ?? DEFAULT_PER_STATION;
  const stationKeys = options.stations ?? SEED_STATIONS.map((s) => s.key);
  const actor = options.actor ?? SEED_ACTOR;
  await seedCatalog(database, {
    namespace: options.namespace,
    stations: stationKeys,
    actor,
    items: options.realistic ?? true,
  });
  const results: ScaleStationResult[] = [];
  for (const station of stationKeys) {
    const result = await database.withStation(station, (tx) =>
      scaleStation(tx, station, perStation, { ...options, actor }),
    );
    results.push(result);
    options.onStation?.(result);
  }
  return {
    stations: results,
    inserted: results.reduce((sum, r) => sum + r.inserted, 0),
    existing: results.reduce((sum, r) => sum + r.existing, 0),
    milliseconds: Date.now() - started,
  };
}

async function scaleStation(
  tx: Tx,
  station: string,
  perStation: number,
  options: ScaleOptions & { actor: Actor },
): Promise<ScaleStationResult> {
  const now = options.now ?? new Date();
  const keysByCode = new Map(departmentsFor(station).map((d) => [d.code, d.keys[0] ?? null]));
  const rows = await tx
    .select({ id: departments.id, code: departments.code, name: departments.name })
    .from(departments)
    .where(eq(departments.station, station))
    .orderBy(departments.sortOrder, departments.code);
  const stationDepartments = rows.map((d) => ({ ...d, key: keysByCode.get(d.code) ?? null }));
  const existing = new Map(
    (
      await tx
        .select({ id: items.id, implCode: items.implCode })
        .from(items)
        .where(eq(items.station, station))
    ).map((r) => [r.implCode, r.id]),
  );
  const generated = generateStationItems(station, stationDepartments, perStation);
  const fresh = generated.filter((g) => !existing.has(g.definition.implCode));
  // A sub-item new in this run whose parent an earlier, smaller run already inserted.
  for (const g of fresh) {
    const parentId = g.parentImplCode ? existing.get(g.parentImplCode) : undefined;
    if (parentId) g.definition = { ...g.definition, parentId };
  }
  const batchSize = options.batchSize ?? 500;
  for (let start = 0; start < fresh.length; start += batchSize) {
    const batch = fresh.slice(start, start + batchSize);
    const itemRows = batch.map((g) => {
      const definition = g.definition;
      if (options.validate) {
        const errors = checkDefinition(definition);
        if (errors.length > 0)
          throw new Error(
            `generated item ${definition.name} is invalid: ${JSON.stringify(errors)}`,
          );
      }
      const vector = searchVector({
        station,
        name: definition.name,
        implCode: definition.implCode,
        basicCode: definition.basicCode,
        departmentName: g.departmentName,
        subItemNames: g.subItemNames,
      });
      return {
        id: g.id,
        station,
        ...projectionOf(definition),
        status: 'published' as const,
        publishedVersion: 1,
        draftVersion: null,
        lastVersion: 1,
        revision: 1,
        search: sql`${vector}::tsvector`,
        publishedAt: now,
        createdAt: now,
        updatedAt: now,
      };
    });
    await tx.insert(items).values(itemRows as never);
    await tx.insert(itemVersions).values(
      batch.map((g) => ({
        itemId: g.id,
        version: 1,
        station,
        state: 'published' as const,
        definition: g.definition,
        createdBy: options.actor.id,
        updatedBy: options.actor.id,
        publishedBy: options.actor.id,
        publishedAt: now,
        createdAt: now,
        updatedAt: now,
      })),
    );
  }
  return { station, inserted: fresh.length, existing: generated.length - fresh.length };
}
