import { redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "./session";

/** The signed-in user for a page; anyone else is sent to sign in. Called by every page, not only the layout. */
export async function pageUser(returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
