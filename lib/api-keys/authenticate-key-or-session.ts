import { getSessionUser } from "../auth/session";
import type { Db } from "../db";
import { unauthorized } from "../errors";
import { authenticateApiKey, bearerKey } from "./authenticate-api-key";

/**
 * Lets a request through with a valid API key or, without an Authorization header, a signed-in
 * session (for reading the API's own documentation from a browser or a machine).
 */
export async function authenticateKeyOrSession(request: Request, db: Db): Promise<void> {
  if (bearerKey(request) !== null) {
    await authenticateApiKey(request, db);
    return;
  }
  if (!(await getSessionUser())) throw unauthorized("Sign in or send an API key.");
}
