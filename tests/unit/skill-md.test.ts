import { describe, expect, it } from "vitest";
import { MAX_LABELS, parseSkillMd, SKILL_MD_MAX_BYTES, skillMdFrontmatterSchema } from "@/lib/submissions/skill-md";

const md = (frontmatter: string, body = "# Body\n") => `---\n${frontmatter}\n---\n${body}`;

function parsed(text: string) {
  const r = parseSkillMd(text);
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`);
  return r;
}

describe("parseSkillMd: valid files", () => {
  it("parses the minimal anthropics-style file and applies defaults", () => {
    const r = parsed(md("name: pdf\ndescription: Extract text and tables from PDF files. Use when: the user gives a PDF.", "# PDF\n\nUse pypdf.\n"));
    expect(r.value).toEqual({
      name: "pdf",
      description: "Extract text and tables from PDF files. Use when: the user gives a PDF.",
      version: "1.0.0",
      labels: [],
      extensionPoints: [],
      allowedTools: [],
    });
    expect(r.body).toBe("# PDF\n\nUse pypdf.\n");
  });

  it("parses every optional field", () => {
    const r = parsed(
      md(
        [
          "name: brand-guidelines",
          "description: Apply Acme brand colours and typography.",
          "version: v2.3.1-beta.1",
          "category: Design",
          "tags: [Brand, Design Systems, brand, Typography_Rules]",
          "license: Apache-2.0",
          "extensible: true",
          "extension-points:",
          "  - palette: Override the colour palette",
          "  - fonts",
          "allowed-tools: Read, Write, Bash(git add:*) Bash(npm run build)",
          "metadata:",
          "  author: acme",
          "  reviewed: true",
          "unknown-key: ignored",
        ].join("\n"),
      ),
    );
    expect(r.value).toEqual({
      name: "brand-guidelines",
      description: "Apply Acme brand colours and typography.",
      version: "2.3.1-beta.1",
      category: "design",
      labels: ["brand", "design-systems", "typography-rules"],
      license: "Apache-2.0",
      extensible: true,
      extensionPoints: [
        { name: "palette", description: "Override the colour palette" },
        { name: "fonts", description: "" },
      ],
      allowedTools: ["Read", "Write", "Bash(git add:*)", "Bash(npm run build)"],
      metadata: { author: "acme", reviewed: "true" },
    });
  });

  it("accepts CRLF line endings and a UTF-8 BOM", () => {
    const r = parsed("\uFEFF---\r\nname: crlf\r\ndescription: Windows file\r\n---\r\nline 1\r\nline 2\r\n");
    expect(r.value).toMatchObject({ name: "crlf", description: "Windows file" });
    expect(r.body).toBe("line 1\nline 2\n");
  });

  it.each([
    ["literal |", "description: |\n  line one\n    indented\n  line three\n", "line one\n  indented\nline three"],
    ["folded >", "description: >\n  folded one\n  folded two\n\n  new paragraph\n", "folded one folded two\nnew paragraph"],
    ["folded strip >-", "description: >-\n  a\n  b\n", "a b"],
    ["literal keep |+ (trimmed by the schema)", "description: |+\n  kept\n\n", "kept"],
    ["explicit indentation |2", "description: |2\n  two\n    four\n", "two\n  four"],
    ["plain multi-line", "description: a long\n  description that wraps\n", "a long description that wraps"],
    ["double-quoted escapes", 'description: "say \\"hi\\"\\\\ \\u00e9\\tx"', 'say "hi"\\ é\tx'],
    ["single-quoted", "description: 'it''s # not a comment'", "it's # not a comment"],
    ["multi-line double-quoted", 'description: "first\n  second"', "first second"],
    ["plain with comment", "description: real text # a comment", "real text"],
    ["value on the next line", 'description:\n  "quoted below"', "quoted below"],
    ["number kept as text", "description: 1.50", "1.50"],
  ])("block scalars and quoting: %s", (_, yaml, expected) => {
    expect(parsed(md(`name: n\n${yaml}`)).value.description).toBe(expected);
  });

  it.each([
    ["inline list", "labels: [pdf, \"Form Filling\", 'ocr']", ["pdf", "form-filling", "ocr"]],
    ["inline list with trailing comma", "labels: [a, b,]", ["a", "b"]],
    ["empty inline list", "labels: []", []],
    ["multi-line inline list", "labels: [a,\n  b]", ["a", "b"]],
    ["block list", "labels:\n  - one\n  - \"two words\"\n", ["one", "two-words"]],
    ["block list at column 1", "labels:\n- one\n- two", ["one", "two"]],
    ["comma string", "labels: a, b , a", ["a", "b"]],
    ["tags alias", "tags:\n  - Data\n  - CSV", ["data", "csv"]],
    ["capped", `labels: [${Array.from({ length: 14 }, (_, k) => `l${k}`).join(", ")}]`, Array.from({ length: MAX_LABELS }, (_, k) => `l${k}`)],
  ])("lists: %s", (_, yaml, expected) => {
    expect(parsed(md(`name: n\ndescription: d\n${yaml}`)).value.labels).toEqual(expected);
  });

  it("reads one level of nested mapping, including extension points as a mapping", () => {
    const r = parsed(md("name: n\ndescription: d\nmetadata:\n  author: acme\n  note: 'a: b'\n  empty:\nextensionPoints:\n  templates: Swap templates\n  hooks:"));
    expect(r.value.metadata).toEqual({ author: "acme", note: "a: b", empty: "" });
    expect(r.value.extensionPoints).toEqual([
      { name: "templates", description: "Swap templates" },
      { name: "hooks", description: "" },
    ]);
  });

  it("keeps leading spaces under an explicit indentation indicator (metadata is not trimmed)", () => {
    const r = parsed(md("name: n\ndescription: d\nmetadata:\n  note: |2\n      six\n    four"));
    expect(r.value.metadata).toEqual({ note: "  six\nfour\n" });
  });

  it("skips full-line and trailing comments and blank lines", () => {
    const r = parsed(md("# leading comment\nname: n   # trailing\n\n  # indented comment\ndescription: d#not-a-comment\nlabels:\n  # inside a list\n  - a # item comment\n"));
    expect(r.value).toMatchObject({ name: "n", description: "d#not-a-comment", labels: ["a"] });
  });

  it.each([
    ["known category, any case", "category: DevOps", "devops"],
    ["spaces become dashes", "category: AI ML", "ai-ml"],
    ["unknown category", "category: gardening", undefined],
    ["not a string", "category: [data]", undefined],
  ])("category: %s", (_, yaml, expected) => {
    expect(parsed(md(`name: n\ndescription: d\n${yaml}`)).value.category).toBe(expected);
  });

  it("keeps a body that contains --- lines after the frontmatter", () => {
    expect(parsed(md("name: n\ndescription: d", "a\n---\nb")).body).toBe("a\n---\nb");
  });

  it("exports the schema for already-parsed frontmatter", () => {
    expect(skillMdFrontmatterSchema.parse({ name: " x ", description: "y", "allowed-tools": ["Read"] })).toMatchObject({
      name: "x",
      allowedTools: ["Read"],
      version: "1.0.0",
    });
  });
});

describe("parseSkillMd: invalid files", () => {
  it.each([
    ["no frontmatter", "# Just markdown\n", "SKILL.md has no frontmatter (--- … ---)"],
    ["empty file", "", "SKILL.md has no frontmatter (--- … ---)"],
    ["frontmatter not on line 1", "\n---\nname: n\n---\n", "SKILL.md has no frontmatter (--- … ---)"],
    ["unterminated frontmatter", "---\nname: n\ndescription: d\n# body", "SKILL.md frontmatter is not terminated (no closing --- line)"],
    ["missing name", md("description: d"), "frontmatter.name: required"],
    ["missing description", md("name: n"), "frontmatter.description: required"],
    ["both missing", md("license: MIT"), "frontmatter.name: required; frontmatter.description: required"],
    ["blank name", md("name: '   '\ndescription: d"), "frontmatter.name: required"],
    ["name too long", md(`name: ${"n".repeat(65)}\ndescription: d`), "frontmatter.name: must be at most 64 characters"],
    ["name without letters or digits", md("name: '---'\ndescription: d"), "frontmatter.name: must contain a letter or digit"],
    ["description too long", md(`name: n\ndescription: ${"d".repeat(1025)}`), "frontmatter.description: must be at most 1024 characters"],
    ["boolean name", md("name: true\ndescription: d"), "frontmatter.name: must be a string"],
    ["bad version", md("name: n\ndescription: d\nversion: latest"), 'frontmatter.version: must be a version like "1.2.3"'],
    ["extensible not boolean", md("name: n\ndescription: d\nextensible: 'yes'"), "frontmatter.extensible: must be true or false"],
    ["tags as a mapping", md("name: n\ndescription: d\ntags:\n  a: b"), "frontmatter.tags: must be a list of strings"],
    ["nameless extension point", md("name: n\ndescription: d\nextension-points:\n  - ': no name'"), "frontmatter.extension-points: every entry needs a name"],
    ["metadata not a mapping", md("name: n\ndescription: d\nmetadata: text"), "frontmatter.metadata: must be a mapping of key: value lines"],
  ])("%s", (_, text, error) => {
    expect(parseSkillMd(text)).toEqual({ ok: false, error });
  });

  it.each([
    ["bad indentation in a list", "name: n\ndescription: d\nlabels:\n  - a\n - b", "SKILL.md line 6: bad indentation (expected a list item)"],
    ["indented top-level key", "name: n\n  description: d", "SKILL.md line 3: bad indentation (a key cannot continue a value)"],
    ["indented first key", "  name: n", "SKILL.md line 2: bad indentation (top-level keys start in column 1)"],
    ["bad indentation in a mapping", "name: n\nmetadata:\n    a: 1\n  b: 2", "SKILL.md line 5: bad indentation (expected 4 spaces)"],
    ["bad indentation in a block scalar", "name: n\ndescription: |\n    four\n  two", "SKILL.md line 5: bad indentation in a block scalar (expected 4 spaces)"],
    ["tab indentation", "name: n\nlabels:\n\t- a", "SKILL.md line 4: tabs are not allowed for indentation"],
    ["not a key", "name: n\njust some text", 'SKILL.md line 3: expected "key: value"'],
    ["duplicate key", "name: a\nname: b", 'SKILL.md line 3: duplicate key "name"'],
    ["unterminated quote", 'name: "open\ndescription: d', "SKILL.md line 2: unterminated quoted string"],
    ["unterminated inline list", "labels: [a, b", "SKILL.md line 2: unterminated inline list"],
    ["text after a quote", 'name: "a" b', 'SKILL.md line 2: unexpected text after the value: "b"'],
    ["bad escape", 'name: "a\\qb"', 'SKILL.md line 2: invalid escape "\\q" in a double-quoted string'],
    ["nested list", "labels: [a, [b]]", "SKILL.md line 2: nesting deeper than one level is not supported"],
    ["two levels deep", "metadata:\n  a:\n    b: c", "SKILL.md line 4: nesting deeper than one level is not supported"],
    ["flow mapping", "metadata: {a: b}", "SKILL.md line 2: inline mappings ({…}) are not supported; use indented key: value lines"],
    ["alias", "name: *anchor", 'SKILL.md line 2: a plain value cannot start with "*" (quote it)'],
    ["bad block header", "description: |x", 'SKILL.md line 2: invalid block scalar header "|x"'],
  ])("YAML error: %s", (_, yaml, error) => {
    expect(parseSkillMd(md(yaml))).toEqual({ ok: false, error });
  });

  it("rejects oversize input without parsing it", () => {
    const big = md("name: n\ndescription: d", "x".repeat(SKILL_MD_MAX_BYTES));
    expect(parseSkillMd(big)).toEqual({ ok: false, error: "SKILL.md is larger than 256 KiB" });
    const multibyte = md("name: n\ndescription: d", "é".repeat(SKILL_MD_MAX_BYTES / 2));
    expect(parseSkillMd(multibyte)).toEqual({ ok: false, error: "SKILL.md is larger than 256 KiB" });
  });

  it("never throws on arbitrary input", () => {
    const nasty = ["---\n---", "---\n:\n---", "---\n- a\n---", "---\nkey: [\"\\\n---", "---\na: |\n---", "---\na: '\n---", "---\n\u0000: x\n---"];
    for (const text of nasty) expect(() => parseSkillMd(text)).not.toThrow();
  });

  it("stays fast on pathological input", () => {
    const started = performance.now();
    parseSkillMd(md(`name: "${"\\\"".repeat(20_000)}`));
    parseSkillMd(md(`labels: [${"a,".repeat(40_000)}`));
    parseSkillMd(md(`description: >\n${"  x\n".repeat(40_000)}name: n`));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
