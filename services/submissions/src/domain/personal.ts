import type { BusinessForm } from '@hall/platform/forms';
import { SEALED_BASIC_KEYS, type Basic, type StoredBasic } from './model';
import type { PersonalDataCipher } from '@hall/platform';

/** A sealed business-form answer (an `id-number` or `phone` field) as stored. */
interface SealedAnswer {
  $sealed: string;
}

function isSealedAnswer(value: unknown): value is SealedAnswer {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $sealed?: unknown }).$sealed === 'string'
  );
}

/**
 * What a sealed record held before a change: its stored form and what that opened to. A value
 * the change left as it was keeps its sealed form rather than being sealed again.
 */
export interface Before<Stored, Plain> {
  stored: Stored;
  plain: Plain;
}

export function sealBasic(
  cipher: PersonalDataCipher,
  basic: Basic,
  before?: Before<StoredBasic, Basic>,
): StoredBasic {
  const stored: StoredBasic = { ...basic };
  for (const key of SEALED_BASIC_KEYS) {
    const value = basic[key];
    if (value === undefined) continue;
    const kept = before?.plain[key] === value ? before.stored[key] : undefined;
    stored[key] = kept ?? cipher.seal(value);
  }
  return stored;
}

export function openBasic(cipher: PersonalDataCipher, stored: StoredBasic): Basic {
  const basic: Basic = { ...stored };
  for (const key of SEALED_BASIC_KEYS) {
    const value = stored[key];
    if (value !== undefined) basic[key] = cipher.open(value);
  }
  return basic;
}

/** Form fields whose answers are ID or mobile numbers: stored sealed like 基本信息's. */
function sensitiveKeys(form: BusinessForm | null): Set<string> {
  const keys = new Set<string>();
  for (const [key, field] of Object.entries(form?.properties ?? {})) {
    const widget = (field as { 'x-widget'?: string })['x-widget'];
    if (widget === 'id-number' || widget === 'phone') keys.add(key);
  }
  return keys;
}

export function sealAnswers(
  cipher: PersonalDataCipher,
  form: BusinessForm | null,
  answers: Record<string, unknown>,
  before?: Before<Record<string, unknown>, Record<string, unknown>>,
): Record<string, unknown> {
  const sensitive = sensitiveKeys(form);
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(answers)) {
    if (!sensitive.has(key) || typeof value !== 'string') {
      stored[key] = value;
      continue;
    }
    const previous = before?.stored[key];
    stored[key] =
      before?.plain[key] === value && isSealedAnswer(previous)
        ? previous
        : ({ $sealed: cipher.seal(value) } satisfies SealedAnswer);
  }
  return stored;
}

/** Answers in plain text; sealed values open whatever form version sealed them. */
export function openAnswers(
  cipher: PersonalDataCipher,
  stored: Record<string, unknown>,
): Record<string, string | number | boolean> {
  const answers: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (isSealedAnswer(value)) answers[key] = cipher.open(value.$sealed);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      answers[key] = value;
  }
  return answers;
}
