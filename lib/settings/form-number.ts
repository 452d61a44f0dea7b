import { z } from "zod";

/**
 * A number typed into a form field: blank is "missing", not 0 (as Number("") would have it), and
 * anything that is not a number says so.
 */
export const formNumber = () =>
  z.preprocess(
    (value) =>
      value === "" || value === null || value === undefined
        ? undefined
        : typeof value === "string"
          ? Number(value.trim())
          : value,
    z.number({ error: "Enter a number" }),
  );

/** A whole number typed into a form field, within [min, max]. */
export const formInteger = (min: number, max: number) =>
  formNumber().pipe(
    z
      .number()
      .int("Enter a whole number")
      .min(min, `At least ${min.toLocaleString("en-US")}`)
      .max(max, `At most ${max.toLocaleString("en-US")}`),
  );

/** A share typed into a form field, within [0, 1]. */
export const formShare = () =>
  formNumber().pipe(z.number().min(0, "Between 0 and 1").max(1, "Between 0 and 1"));
