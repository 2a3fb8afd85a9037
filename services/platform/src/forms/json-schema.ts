import Ajv from 'ajv';

/**
 * Ajv keeps a little of every schema it compiles (its code-generation scope), even after
 * `removeSchema` (ajv-validator/ajv#1413), and every form is a new schema: so an instance is
 * used for this many compilations and then replaced, which bounds the memory it holds.
 */
const COMPILATIONS_PER_INSTANCE = 200;

let ajv: Ajv | undefined;
let compilations = 0;

function validator(): Ajv {
  if (!ajv || compilations >= COMPILATIONS_PER_INSTANCE) {
    // strict: unknown keywords and type mismatches throw instead of being ignored; the x- hints
    // are declared so they are known. Formats are not validated here (validateAnswers checks
    // dates itself), so `format: "date"` needs no format plugin.
    ajv = new Ajv({ strict: true, validateFormats: false, logger: false });
    ajv.addVocabulary(['x-widget', 'x-order', 'x-enumNames']);
    compilations = 0;
  }
  compilations++;
  return ajv;
}

/**
 * Compiles the schema with ajv (draft-07, strict) as a last proof that a form the subset rules
 * accepted is a valid JSON Schema other tools can use. Returns ajv's complaint, or undefined.
 *
 * In a browser whose Content-Security-Policy forbids code generation (the hall's front ends do)
 * ajv cannot compile anything and throws an EvalError: then the subset rules alone decide, as
 * the service will check again when the form is saved.
 */
export function jsonSchemaComplaint(schema: object): string | undefined {
  const ajv = validator();
  try {
    ajv.compile(schema);
    return undefined;
  } catch (err) {
    if (err instanceof EvalError) return undefined;
    return err instanceof Error ? err.message : String(err);
  } finally {
    ajv.removeSchema(schema);
  }
}
