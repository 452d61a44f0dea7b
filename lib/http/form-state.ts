// What the server actions answer their forms (useActionState). The types live here, not beside the
// actions in app/, so the client components that render the answers never import from app/: the
// page hands them the action.

/** "Run now": whether the run went well, in a sentence. */
export type RunNowState = { ok: boolean; message: string } | null;

/** A settings save. On a refusal, `values` are what was sent: the form shows them again instead of the stored ones (React resets a form after its action). */
export type SaveSettingsState = {
  error?: string;
  field?: string;
  saved?: string;
  values?: Record<string, string>;
};
