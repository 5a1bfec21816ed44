// GET /submissions/{id} — an author's view of one submission; it refreshes itself while in progress.
import { notFound } from "next/navigation";
import { z } from "zod";
import { SubmissionStatus } from "@/components/submission-status";
import { getSubmissionView } from "@/lib/submissions/store";

export const dynamic = "force-dynamic";

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const id = z.string().uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const view = await getSubmissionView(id.data);
  if (!view) notFound();
  return (
    <article className="detail">
      <p><a href="/submit">← Submit another skill</a></p>
      <h1>Submission</h1>
      <SubmissionStatus initial={view} />
    </article>
  );
}
