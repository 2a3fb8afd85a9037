/** The seed catalog: departments of every station, realistic items for cq and three districts. */
import { DISTRICT_LOCALES, districtItems } from './items-district';
import { municipalItems, municipalLocale } from './items-municipal';
import { defaultLocale, type SeedItem, type StationLocale } from './model';

export { allDepartments, departmentsFor, type SeedDepartment } from './departments';
export type { SeedDefinition, SeedItem } from './model';
export { SEED_STATIONS, type SeedStation } from './stations';

/** Stations that get a realistic item list. */
export const STATIONS_WITH_ITEMS: readonly string[] = ['cq', ...Object.keys(DISTRICT_LOCALES)];

/** The seeded items of a station, parents before their sub-items; [] for stations without. */
export function seedItemsFor(stationKey: string): SeedItem[] {
  if (stationKey === 'cq') return municipalItems();
  return districtItems(stationKey);
}

/** Where a station's items are handled: its hall, phone numbers, supervisor. */
export function localeFor(stationKey: string): StationLocale {
  if (stationKey === 'cq') return municipalLocale;
  return DISTRICT_LOCALES[stationKey] ?? defaultLocale(stationKey);
}
