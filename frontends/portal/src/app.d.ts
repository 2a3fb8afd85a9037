import type { Station } from '@hall/web';

declare global {
  namespace App {
    interface Error {
      message: string;
    }
    interface Locals {
      /** The station of the URL's first segment; null when unknown, disabled or unavailable. */
      station: Station | null;
      /** Every enabled station; null when identity could not be reached. */
      stations: Station[] | null;
      /** The signed-in citizen or unit. */
      user: PortalUser | null;
      /** The signed-in user's access token, for calls to services from this server. */
      accessToken: string | null;
      /** 大字 / 高对比. */
      elder: boolean;
    }
  }

  interface PortalUser {
    id: string;
    kind: 'person' | 'unit';
    name: string;
  }
}

export {};
