import { ProblemError } from '@hall/web';
import { formText } from '@hall/web/server';
import { redirect } from '@sveltejs/kit';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import { requireOperator } from '$lib/server/guards';
import { callContext, identity } from '$lib/server/services';
import { loadAllStations } from '$lib/server/stations';
import { groupStations } from '$lib/stations';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['station', 'username', 'password', 'name', 'mobile'] as const;

export const load: PageServerLoad = async (event) => {
  requireOperator(event);
  // A disabled station takes no new staff: only enabled ones are offered.
  const stations = (await loadAllStations(event)).filter((s) => s.enabled);
  return {
    preset: event.url.searchParams.get('station') ?? '',
    stationGroups: groupStations(stations).map((g) => ({
      label: g.label,
      options: g.stations.map((s) => ({ value: s.key, label: s.name })),
    })),
  };
};

export const actions: Actions = {
  /** 新增站点管理员: an operator appoints the station admin of the station they picked. */
  default: async (event) => {
    requireOperator(event);
    const data = await event.request.formData();
    const values = {
      station: formText(data, 'station'),
      username: formText(data, 'username'),
      name: formText(data, 'name'),
      mobile: formText(data, 'mobile'),
    };
    try {
      if (!values.station) {
        throw new ProblemError({
          status: 400,
          code: 'validation_failed',
          title: '提交的信息有误，请检查后重试',
          errors: [{ field: 'station', code: 'station.required', message: '请选择站点' }],
        });
      }
      const created = await identity().createStaff(
        values.station,
        {
          username: values.username.trim(),
          password: formText(data, 'password'),
          name: values.name,
          ...(values.mobile.trim() ? { mobile: values.mobile.trim() } : {}),
          roles: ['station_admin'],
        },
        callContext(event),
      );
      setFlash(event, `已新增站点管理员：${created.name}（${created.username}）`);
    } catch (err) {
      if (err instanceof ProblemError && err.status === 404) {
        return consoleFormFailure(
          new ProblemError({
            ...err.problem,
            status: 400,
            errors: [{ field: 'station', code: 'station.unknown', message: '站点不存在或已停用' }],
          }),
          values,
          FIELDS,
        );
      }
      return consoleFormFailure(err, values, FIELDS, '/admins/new');
    }
    redirect(303, `/admins?station=${encodeURIComponent(values.station)}`);
  },
};
