import type { StaffRole } from '@hall/web';

declare global {
  namespace App {
    interface Error {
      message: string;
    }
    interface Locals {
      /** The signed-in staff member or operator; null when signed out. */
      user: ConsoleUser | null;
      /**
       * The signed-in staff member's station, from their token's `stn` claim (never from the
       * URL); null for operators and the signed-out.
       */
      station: { key: string; name: string } | null;
      /** The signed-in account's access token, for calls to services from this server. */
      accessToken: string | null;
      /** 大字 / 高对比. */
      elder: boolean;
    }
  }

  interface ConsoleUser {
    id: string;
    kind: 'staff' | 'operator';
    name: string;
    /** From the token; empty for operators. */
    roles: StaffRole[];
    /** The station key from the token; null for operators. */
    station: string | null;
  }
}

export {};
