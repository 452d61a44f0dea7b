import { invalid } from "../errors";

/** A route handler's JSON body; a body that is not JSON is a 400 naming `body`. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw invalid("body", "body must be JSON");
  }
}
