// Why a body with no JSON in it is not a kind's payload, in one wording for listen
// (receiver/inspect.ts) and validate's capture records (captured.ts), so both say the same of the
// same request whichever kind is asked for.

/** What a body with no JSON is, as far as it was read: a form's field names, text, nothing. */
export interface BodyWithoutJson {
  /** The form's field names (each once), when the body was a form. */
  formFields: readonly string[] | undefined;
  text: boolean;
  empty: boolean;
}

export function notPayloadMessage(body: BodyWithoutJson, kindId: string): string {
  const what = body.formFields ? `a form whose fields hold no JSON (${body.formFields.join(', ') || 'no fields'})` : body.text ? 'text, not JSON' : body.empty ? 'empty' : 'not JSON';
  return `the body is ${what}, so it cannot be a ${kindId} payload`;
}
