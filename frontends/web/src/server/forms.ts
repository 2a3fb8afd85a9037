import { fail, type ActionFailure } from '@sveltejs/kit';
import { formErrorsOf, ProblemError, unavailableProblem } from '../problem';

/** What a failed form action returns to its page. */
export interface FormFailure<V> {
  /** What the person typed, to fill the form again (never passwords). */
  values: V;
  message: string;
  fields: Record<string, string>;
}

/**
 * A service's problem as a form action failure: field messages next to their fields, the title
 * (and any message for a field not on the form) in the summary. Anything that is not a problem
 * is rethrown, so bugs still reach the error page.
 */
export function formFailure<V>(
  err: unknown,
  values: V,
  formFields?: readonly string[],
): ActionFailure<FormFailure<V>> {
  if (!(err instanceof ProblemError)) throw err;
  const problem = err.status >= 500 ? unavailableProblem() : err.problem;
  const { message, fields, unplaced } = formErrorsOf(problem, formFields);
  return fail(problem.status, { values, message: [message, ...unplaced].join('；'), fields });
}

/** A text field of a submitted form as typed (a missing field or a file is ''). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
