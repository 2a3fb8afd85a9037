import { redirect } from '@sveltejs/kit';
import { requireCatalogEditor } from '$lib/server/catalog';
import type { RequestHandler } from './$types';

/** 权力清单 opens on 事项管理. */
export const GET: RequestHandler = (event) => {
  requireCatalogEditor(event);
  redirect(303, '/catalog/items');
};
