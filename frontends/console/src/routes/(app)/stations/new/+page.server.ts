import { ProblemError } from '@hall/web';
import { formText } from '@hall/web/server';
import { redirect } from '@sveltejs/kit';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import { requireOperator } from '$lib/server/guards';
import { callContext, forgetStations, identity } from '$lib/server/services';
import { stationGroups } from '$lib/stations';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['key', 'name', 'kind', 'divisionCode'] as const;

export const load: PageServerLoad = (event) => {
  requireOperator(event);
  return {
    kindOptions: stationGroups
      .filter((g) => g.kind !== 'municipality')
      .map((g) => ({ value: g.kind, label: g.label })),
  };
};

export const actions: Actions = {
  /** 新增站点: data, not a deployment; identity checks the key, name and division code. */
  default: async (event) => {
    requireOperator(event);
    const data = await event.request.formData();
    const values = {
      key: formText(data, 'key').trim(),
      name: formText(data, 'name'),
      kind: formText(data, 'kind'),
      divisionCode: formText(data, 'divisionCode').trim(),
    };
    if (!values.kind) {
      return consoleFormFailure(
        new ProblemError({
          status: 400,
          code: 'validation_failed',
          title: '提交的信息有误，请检查后重试',
          errors: [{ field: 'kind', code: 'station.kind', message: '请选择站点类型' }],
        }),
        values,
        FIELDS,
      );
    }
    let created;
    try {
      created = await identity().createStation(
        {
          key: values.key,
          name: values.name,
          kind: values.kind,
          // Left out when blank: identity stores an explicit null as ''.
          ...(values.divisionCode ? { divisionCode: values.divisionCode } : {}),
        },
        callContext(event),
      );
    } catch (err) {
      return consoleFormFailure(err, values, FIELDS, '/stations/new');
    }
    forgetStations();
    setFlash(event, `已新增站点：${created.name}（${created.key}）`);
    redirect(303, '/stations');
  },
};
