import type { Executor, Tx } from '@hall/platform';
import { eq } from 'drizzle-orm';
import { stationProfiles } from '../db/schema';
import { audit } from './audit';
import type { ChangeContext } from './deps';
import { editConflict } from './paging';

/** 站点个性化 as a station admin writes it: every field optional, '' or null clears it. */
export interface ProfileInput {
  displayName?: string | null;
  bannerTitle?: string | null;
  bannerSubtitle?: string | null;
  contact?: {
    address?: string | null;
    phone?: string | null;
    hours?: string | null;
    email?: string | null;
  };
}

export interface ProfileView {
  station: string;
  /** What the portal shows: the override, else the registry's name. */
  name: string;
  /** identity's registry name. */
  registryName: string;
  displayName: string | null;
  bannerTitle: string | null;
  bannerSubtitle: string | null;
  contact: {
    address: string | null;
    phone: string | null;
    hours: string | null;
    email: string | null;
  };
  /** 0 until the admin first saves; send it in If-Match. */
  revision: number;
  updatedAt: string | null;
}

type ProfileRow = typeof stationProfiles.$inferSelect;

function view(station: string, registryName: string, row: ProfileRow | undefined): ProfileView {
  return {
    station,
    name: row?.displayName ?? registryName,
    registryName,
    displayName: row?.displayName ?? null,
    bannerTitle: row?.bannerTitle ?? null,
    bannerSubtitle: row?.bannerSubtitle ?? null,
    contact: {
      address: row?.address ?? null,
      phone: row?.phone ?? null,
      hours: row?.hours ?? null,
      email: row?.email ?? null,
    },
    revision: row?.revision ?? 0,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

export async function stationProfile(
  tx: Executor,
  station: string,
  registryName: string,
): Promise<ProfileView> {
  const [row] = await tx.select().from(stationProfiles).where(eq(stationProfiles.station, station));
  return view(station, registryName, row);
}

const text = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** Replace the profile (If-Match: the revision read, 0 for none yet); audited. */
export async function saveProfile(
  tx: Tx,
  ctx: ChangeContext,
  registryName: string,
  revision: number,
  input: ProfileInput,
): Promise<ProfileView> {
  const [current] = await tx
    .select({ revision: stationProfiles.revision })
    .from(stationProfiles)
    .where(eq(stationProfiles.station, ctx.station))
    .for('update');
  if ((current?.revision ?? 0) !== revision) throw editConflict();
  const fields = {
    displayName: text(input.displayName),
    bannerTitle: text(input.bannerTitle),
    bannerSubtitle: text(input.bannerSubtitle),
    address: text(input.contact?.address),
    phone: text(input.contact?.phone),
    hours: text(input.contact?.hours),
    email: text(input.contact?.email),
    revision: revision + 1,
    updatedAt: ctx.now,
    updatedBy: ctx.actor.id,
  };
  const [row] = await tx
    .insert(stationProfiles)
    .values({ station: ctx.station, ...fields })
    .onConflictDoUpdate({ target: stationProfiles.station, set: fields })
    .returning();
  await audit(
    tx,
    ctx,
    'publicity.profile.updated',
    { kind: 'station_profile', id: ctx.station },
    {
      fields: Object.entries(fields)
        .filter(([k, v]) => v !== null && !['revision', 'updatedAt', 'updatedBy'].includes(k))
        .map(([k]) => k)
        .join(','),
    },
  );
  return view(ctx.station, registryName, row);
}
