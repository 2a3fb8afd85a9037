/**
 * `@hall/platform/forms`: the business form (业务表单) of a service item — its format (a JSON
 * Schema subset with UI hints), the check of a schema, the check of answers, and the 重庆
 * districts/counties a region field offers. Pure: usable in services and in the browser.
 */
export {
  checkBusinessForm,
  type CheckBusinessFormResult,
  type FormSchemaError,
  type FormSchemaErrorCode,
} from './check';
export {
  validateAnswers,
  type AnswerError,
  type ValidateAnswersOptions,
  type ValidateAnswersResult,
} from './answers';
export {
  answerText,
  fieldOptions,
  fieldsInOrder,
  type FieldOption,
  type OrderedField,
} from './fields';
export { isRegionCode, regionName, REGIONS, type Region } from './regions';
export * from './schema';
