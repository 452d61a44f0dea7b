/**
 * A column of a batch sent to PostgreSQL as one JSON array (JSON.stringify, native and flat) rather
 * than as an array literal of JSON texts: escaping 10,000 feature objects into a jsonb[] literal
 * cost the app about 10× more CPU than stringifying them at once, and PostgreSQL parses one jsonb
 * faster than it unescapes the literal and parses each element. The statement turns it back into
 * an array (jsonb_array_elements WITH ORDINALITY, in order).
 */
export class JsonColumn {
  constructor(readonly values: readonly unknown[]) {}
}
