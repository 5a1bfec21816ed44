// GET /admin/jobs/{id} — a long admin job's progress bar, refreshing itself until the job is done or failed.
import { notFound } from "next/navigation";
import { z } from "zod";
import { JobProgress } from "@/components/admin/JobProgress";
import { loadJob } from "@/lib/operations/admin-dashboard";
import { requireAdminSession } from "../../require-session";

export const dynamic = "force-dynamic";

const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminSession();
  const id = jobId.safeParse((await params).id);
  if (!id.success) notFound();
  const job = await loadJob(id.data);
  if (!job) notFound();
  return (
    <article>
      <p><a href="/admin">← Dashboard</a></p>
      <JobProgress job={job} />
    </article>
  );
}
