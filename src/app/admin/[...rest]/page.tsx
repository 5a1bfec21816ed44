// Any other path under /admin: the sign-in page without a session, a 404 with one.
import { notFound } from "next/navigation";
import { requireAdminSession } from "../require-session";

export const dynamic = "force-dynamic";

export default async function UnknownAdminPage() {
  await requireAdminSession();
  notFound();
}
