import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { errorResponse } from "@/lib/http/api-handler";
import { AUTH_FORM_MAX_BYTES, readBodyBytes } from "@/lib/http/read-body";

type Context = { params: Promise<{ nextauth: string[] }> };

// Built per request rather than at import: the options read the environment, which is absent
// while `next build` collects page data.
function handler(request: Request, context: Context) {
  return NextAuth(authOptions())(request, context);
}

/**
 * Sign-in, sign-out and callbacks post small forms; an anonymous caller must not make a worker
 * hold hundreds of MiB. The body is read here up to AUTH_FORM_MAX_BYTES (413 above, before
 * next-auth parses anything) and handed on as the same request.
 */
async function post(request: Request, context: Context) {
  let body: Buffer;
  try {
    body = await readBodyBytes(request, AUTH_FORM_MAX_BYTES);
  } catch (error) {
    return errorResponse(error);
  }
  const bounded = new NextRequest(request.url, {
    method: "POST",
    headers: request.headers,
    body: body.length > 0 ? new Uint8Array(body) : null,
  });
  return handler(bounded, context);
}

export { handler as GET, post as POST };
