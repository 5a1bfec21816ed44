// GET /submit — authors submit a skill from their GitHub repo for scanning.
import { SubmitForm } from "@/components/submit-form";

export const dynamic = "force-dynamic";

export default function SubmitPage() {
  return (
    <article className="detail">
      <h1>Submit a skill</h1>
      <p>
        Give the GitHub repository that holds your <code>SKILL.md</code>. It is fetched, its frontmatter checked, and it and the
        files it tells an agent to run are scanned before it is listed.
      </p>
      <SubmitForm />
    </article>
  );
}
