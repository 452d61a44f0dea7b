/** A labeling rule's form fields as LabelingRuleInput reads them; parameters are the `param.<name>` fields. */
export function ruleFromForm(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const number = (name: string) => (text(name) === "" ? undefined : Number(text(name)));
  const params: Record<string, string | number> = {};
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("param.") || typeof value !== "string") continue;
    const trimmed = value.trim();
    // A parameter is a number unless it does not read as one (metric_type is a name).
    params[name.slice("param.".length)] =
      trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
  }
  return {
    predictionType: text("predictionType"),
    observationWindowDays: number("observationWindowDays"),
    sourceLagDays: number("sourceLagDays"),
    recheckHorizonDays: number("recheckHorizonDays"),
    scheduleWindow: text("scheduleWindow"),
    enabled: form.get("enabled") === "on",
    params,
  };
}

/** The rule form's labels, for naming the field in a message. */
export const RULE_FIELD_LABELS: Record<string, string> = {
  observationWindowDays: "Observation window (days)",
  sourceLagDays: "Source lag (days)",
  recheckHorizonDays: "Re-check horizon (days)",
  scheduleWindow: "Schedule",
  enabled: "Enabled",
};
