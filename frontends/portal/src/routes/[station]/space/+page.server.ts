import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** 【个人/企业空间】 opens on 个人信息. */
export const load: PageServerLoad = ({ params }) => {
  redirect(303, `/${params.station}/space/profile`);
};
