/** Roles a staff member of a station may hold. */
export const staffRoles = ['clerk', 'approver', 'letters', 'editor', 'station_admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staffRoleLabels: Record<StaffRole, string> = {
  clerk: '受理人员',
  approver: '审批人员',
  letters: '信件办理人员',
  editor: '信息发布人员',
  station_admin: '站点管理员',
};

/** Who is making a request, as proven by a verified access token. */
export type Actor =
  | { kind: 'person'; id: string }
  | { kind: 'unit'; id: string }
  | { kind: 'staff'; id: string; station: string; roles: StaffRole[]; department: string | null }
  | { kind: 'operator'; id: string };

export type ActorKind = Actor['kind'];

/** The claims an access token carries; short names keep the token small. */
export interface AccessClaims {
  sub: string;
  typ: ActorKind;
  stn?: string;
  roles?: StaffRole[];
  dept?: string;
}

export const TOKEN_ISSUER = 'hall-identity';
export const TOKEN_AUDIENCE = 'hall';

export function actorFromClaims(claims: AccessClaims): Actor | null {
  switch (claims.typ) {
    case 'person':
    case 'unit':
    case 'operator':
      return { kind: claims.typ, id: claims.sub };
    case 'staff':
      if (!claims.stn) return null;
      return {
        kind: 'staff',
        id: claims.sub,
        station: claims.stn,
        roles: (claims.roles ?? []).filter((r): r is StaffRole =>
          (staffRoles as readonly string[]).includes(r),
        ),
        department: claims.dept ?? null,
      };
    default:
      return null;
  }
}
