/**
 * A SKILL.md's body as HTML for its page, safe whatever the author wrote. micromark (CommonMark
 * with GitHub's extensions: tables, task lists, strikethrough, autolinks) renders it in its safe
 * mode: raw HTML is shown as text, never passed through (no script, no event handlers, no iframes
 * or forms), and link targets with other protocols than http(s), mailto and the like are dropped
 * (no `javascript:`, no `data:`). On its output, which has one fixed shape:
 * - every link gets `rel="noopener nofollow ugc"` (user content, external);
 * - images become links to the image: a page view makes no request off the site.
 * The frontmatter is not rendered (the page shows its fields).
 */
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { parseSkillMd } from "../submissions/skill-md";

export const LINK_REL = "noopener nofollow ugc";

/** The body of a SKILL.md (after its frontmatter), else the whole text. */
export function skillMdBody(content: string): string {
  const parsed = parseSkillMd(content);
  if (parsed.ok) return parsed.body;
  const m = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/.exec(content);
  return m ? content.slice(m[0].length) : content;
}

export function renderSkillMd(content: string): string {
  const html = micromark(skillMdBody(content), { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  return html
    .replace(/<a href="([^"]*)"/g, `<a href="$1" rel="${LINK_REL}"`)
    .replace(/<img src="([^"]*)" alt="([^"]*)"(?: title="[^"]*")? \/>/g, (_m, src: string, alt: string) =>
      src ? `<a href="${src}" rel="${LINK_REL}" class="skill-md-image">image: ${alt || src}</a>` : `<span class="skill-md-image">image: ${alt}</span>`,
    );
}
