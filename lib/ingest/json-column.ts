/** Between the values of a JsonColumn: U+001E (record separator), which JSON text never holds raw. */
export const JSON_SEPARATOR = "\u001e";

/**
 * A column of a batch sent to PostgreSQL as one text: each value's JSON, separated by
 * JSON_SEPARATOR (JSON.stringify writes every control character as a \u escape, so the separator
 * cannot occur inside a value). An array literal of JSON texts (jsonb[]) cost the app about 10×
 * more CPU, escaping every quote; one JSON array cost PostgreSQL its parse into one jsonb, then a
 * copy of every element out of it, a sort back into order and an array (≈ 110 ms a batch of 10,000
 * predictions, against ≈ 70 ms to split this text and parse each value). The statement splits it
 * with string_to_table, in order, beside the other columns' unnest (ROWS FROM).
 */
export class JsonColumn {
  constructor(readonly values: readonly unknown[]) {}

  /** The column as the statement's text parameter. */
  toParameter(): string {
    const texts = new Array<string>(this.values.length);
    for (let i = 0; i < this.values.length; i++) texts[i] = JSON.stringify(this.values[i]);
    return texts.join(JSON_SEPARATOR);
  }
}
