import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { RETURN_TO_HEADER } from "./return-to-header";
import { getSessionUser, type SessionUser } from "./session";

/**
 * The signed-in user for a page; anyone else is sent to sign in and brought back to the page they
 * asked for (the proxy's header; `returnTo` without it). Called by every page, not only the
 * layout, and the layout renders alongside the page, so either may be the one that redirects.
 */
export async function pageUser(returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) {
    const asked = (await headers()).get(RETURN_TO_HEADER) ?? returnTo;
    redirect(`/signin?callbackUrl=${encodeURIComponent(asked)}`);
  }
  return user;
}
