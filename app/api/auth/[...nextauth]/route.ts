import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// GET/POST /api/auth/* - next-auth's sign-in, sign-out, session and CSRF endpoints.
// The handler is made per request because the options read the environment, which `next build` lacks.
function handler(req: Request, ctx: Ctx) {
  return (NextAuth(authOptions()) as (req: Request, ctx: Ctx) => Promise<Response>)(req, ctx);
}
export { handler as GET, handler as POST };
