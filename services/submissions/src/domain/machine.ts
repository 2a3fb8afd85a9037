import type { Actor, StaffRole } from '@hall/platform';
import type { ApplicationState } from './model';

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

export const staffActions = [
  'prereview',
  'request_supplement',
  'accept',
  'not_accept',
  'reject',
  'complete',
] as const;
export type StaffAction = (typeof staffActions)[number];

interface Step {
  to: ApplicationState;
  /** Roles that may take the step (station_admin always may). */
  roles: StaffRole[];
}

/** The staff side of the state machine: action → from-state → step. */
const MACHINE: Record<StaffAction, Partial<Record<ApplicationState, Step>>> = {
  prereview: { submitted: { to: 'prereviewed', roles: ['clerk'] } },
  request_supplement: {
    submitted: { to: 'supplement', roles: ['clerk'] },
    prereviewed: { to: 'supplement', roles: ['clerk'] },
  },
  accept: { prereviewed: { to: 'accepted', roles: ['clerk'] } },
  not_accept: {
    submitted: { to: 'not_accepted', roles: ['clerk'] },
    prereviewed: { to: 'not_accepted', roles: ['clerk'] },
  },
  reject: {
    submitted: { to: 'rejected', roles: ['clerk'] },
    prereviewed: { to: 'rejected', roles: ['clerk'] },
    accepted: { to: 'rejected', roles: ['approver'] },
  },
  complete: { accepted: { to: 'completed', roles: ['approver'] } },
};

export function stepOf(action: StaffAction, from: ApplicationState): Step | null {
  return MACHINE[action][from] ?? null;
}

/** The role the staff member takes the step in, or null when none of theirs may. */
export function actingRole(actor: StaffActor, step: Step): StaffRole | null {
  const role = step.roles.find((r) => actor.roles.includes(r));
  if (role) return role;
  return actor.roles.includes('station_admin') ? 'station_admin' : null;
}

/** What this staff member may do with an application in `state` now. */
export function availableActions(actor: StaffActor, state: ApplicationState): StaffAction[] {
  return staffActions.filter((action) => {
    const step = stepOf(action, state);
    return step !== null && actingRole(actor, step) !== null;
  });
}

/** Roles that read the worklist and applications. */
export const READER_ROLES: StaffRole[] = ['clerk', 'approver', 'station_admin'];
