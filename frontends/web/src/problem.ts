/** RFC 9457 problem details as the hall's services send them, and their mapping onto forms. */

export interface FieldError {
  /** JSON-pointer-like path, e.g. `idNumber` or `questions/1/answer`. */
  field: string;
  code: string;
  /** Chinese message for the person filling in the form. */
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
}

/** A service answered with a problem (or could not be reached: status 503, code `unavailable`). */
export class ProblemError extends Error {
  override name = 'ProblemError';

  constructor(
    readonly problem: Problem,
    options: { cause?: unknown } = {},
  ) {
    super(`${problem.status} ${problem.code}: ${problem.title}`, options);
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

export const unavailableProblem = (): Problem => ({
  status: 503,
  code: 'unavailable',
  title: '服务暂时不可用，请稍后再试',
});

/** What a form shows after a failed submission: a summary line and one message per field. */
export interface FormErrors {
  message: string;
  fields: Record<string, string>;
}

/**
 * Problem → form errors. The first message of each field is kept (a field shows one message);
 * a field that is not on the form still reaches the person through `unplaced`, so nothing the
 * service said is lost.
 */
export function formErrorsOf(
  problem: Problem,
  formFields?: readonly string[],
): FormErrors & { unplaced: string[] } {
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const e of problem.errors ?? []) {
    if (formFields && !formFields.includes(e.field)) {
      unplaced.push(e.message);
      continue;
    }
    fields[e.field] ??= e.message;
  }
  return { message: problem.title, fields, unplaced };
}
