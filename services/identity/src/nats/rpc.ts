import type { Bus, RpcServer } from '@hall/platform';
import {
  GetStationRequestSchema,
  GetStationResponseSchema,
  ListStationsRequestSchema,
  ListStationsResponseSchema,
} from '@hall/proto/hall/identity/v1/identity_rpc_pb';
import type { IdentityDeps } from '../domain/deps';
import { getStation, listStations, stationMessage } from '../domain/stations';

/** identity's request/reply endpoints: other services read the station registry through them. */
export function serveIdentityRpc(bus: Bus, deps: IdentityDeps): RpcServer[] {
  return [
    bus.serve(
      'identity',
      'list_stations',
      ListStationsRequestSchema,
      ListStationsResponseSchema,
      async (req) => ({
        stations: (await listStations(deps, { includeDisabled: req.includeDisabled })).map(
          stationMessage,
        ),
      }),
    ),
    bus.serve(
      'identity',
      'get_station',
      GetStationRequestSchema,
      GetStationResponseSchema,
      async (req) => ({
        station: stationMessage(await getStation(deps, req.key, { includeDisabled: true })),
      }),
    ),
  ];
}
