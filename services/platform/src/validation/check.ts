/**
 * The result type shared by every validator in this module.
 *
 * A failure carries a stable machine `code` (e.g. `id_card.checksum`) that clients and the HTTP
 * layer can switch on, and a user-facing `message` in Simplified Chinese that can be shown next
 * to the offending form field as is.
 */
export type CheckOk = { readonly ok: true };

export type CheckFailure<C extends string = string> = {
  readonly ok: false;
  readonly code: C;
  readonly message: string;
};

export type Check<C extends string = string> = CheckOk | CheckFailure<C>;

export const OK: CheckOk = Object.freeze({ ok: true as const });

export function fail<C extends string>(
  code: C,
  messages: Readonly<Record<C, string>>,
): CheckFailure<C> {
  return Object.freeze({ ok: false as const, code, message: messages[code] });
}
