// The dashboard pages' gate: the session from the cookie, or a redirect to the sign-in page
// (missing, forged, expired, or signed for something else). Every page under /admin calls it
// before it reads anything.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SIGN_IN_PATH } from "@/lib/http/admin-form";
import { SESSION_COOKIE, verifySession, type AdminSession } from "@/lib/http/admin-session";
import { getEnv } from "@/lib/platform/env";

export async function requireAdminSession(): Promise<AdminSession> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const session = await verifySession(token, { secret: getEnv().JWT_SECRET });
  if (!session) redirect(SIGN_IN_PATH);
  return session;
}
