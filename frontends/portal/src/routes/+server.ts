import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** `/` is the municipality's hall. */
export const GET: RequestHandler = () => redirect(307, '/cq');
