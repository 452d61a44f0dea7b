import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";

// Built per request rather than at import: the options read the environment, which is absent
// while `next build` collects page data.
function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
