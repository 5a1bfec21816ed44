import { describe, expect, it } from "vitest";
import { FRONTMATTER_MAX_CHARS, MAX_LABELS, parseSkillMd, SKILL_MD_MAX_BYTES, skillMdFrontmatterSchema } from "@/lib/submissions/skill-md";

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
      version: undefined, // not declared: numbered at publish (catalog/versions.ts)
      labels: [],
      extensionPoints: [],
      allowedTools: [],
    });
    expect(r.body).toBe("# PDF\n\nUse pypdf.\n");
    expect(r.warnings).toEqual(["SKILL.md line 3: a value containing \": \" was read as text; quote it for other YAML readers"]);
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
      version: undefined,
    });
    expect(skillMdFrontmatterSchema.parse({ name: "x", description: "y", extensible: "false" }).extensible).toBe(false);
  });
});

describe("parseSkillMd: YAML the old subset parser refused", () => {
  const withFm = (yaml: string) => parsed(md(`name: n\ndescription: d\n${yaml}`));

  it("reads flow mappings", () => {
    expect(withFm('metadata: {version: "1.2.0", author: acme, reviewed: true}').value.metadata).toEqual({ version: "1.2.0", author: "acme", reviewed: "true" });
    expect(withFm("extensionPoints: {templates: Swap templates, hooks: }").value.extensionPoints).toEqual([
      { name: "templates", description: "Swap templates" },
      { name: "hooks", description: "" },
    ]);
  });

  it("keeps nested metadata values as JSON text (metadata values are strings)", () => {
    const r = withFm('metadata:\n  version: "1.2.0"\n  author:\n    name: Acme\n    url: https://acme.example\n  platforms: [mac, linux]\n  build: 0x1F');
    expect(r.value.metadata).toEqual({ version: "1.2.0", author: '{"name":"Acme","url":"https://acme.example"}', platforms: '["mac","linux"]', build: "0x1F" });
  });

  it("accepts frontmatter indented as a whole", () => {
    expect(parsed(md("  name: n\n  description: d")).value).toMatchObject({ name: "n", description: "d" });
  });

  it("allows a few aliases", () => {
    expect(parsed(md("name: &n pdf\ndescription: *n")).value).toMatchObject({ name: "pdf", description: "pdf" });
  });

  it("reads a one-key mapping list item back as its text", () => {
    expect(withFm("labels:\n  - kind: form").value.labels).toEqual(["kind-form"]);
  });

  it("keeps a __proto__ key as plain data", () => {
    const r = withFm("__proto__: x\nmetadata:\n  __proto__: {polluted: yes}");
    expect(Object.hasOwn(r.value.metadata!, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("warns about unknown tags and reads their value as text", () => {
    const r = withFm("license: !spdx MIT");
    expect(r.value.license).toBe("MIT");
    expect(r.warnings).toEqual(["SKILL.md line 4: Unresolved tag: !spdx"]);
  });
});

describe("parseSkillMd: scalars", () => {
  const description = (yaml: string) => parsed(md(`name: n\n${yaml}`)).value.description;

  it.each([
    ["folded >- over lines", "description: >-\n  Extract text from PDFs.\n  Use when: the user gives a PDF.\n", "Extract text from PDFs. Use when: the user gives a PDF."],
    ["literal | keeps lines", "description: |\n  # Not a comment\n  Use when: a: b\n", "# Not a comment\nUse when: a: b"],
    ["double-quoted with a colon and #", 'description: "Use when: the user says #pdf"', "Use when: the user says #pdf"],
    ["single-quoted with a colon and #", "description: 'a: b # c'", "a: b # c"],
  ])("%s", (_, yaml, expected) => {
    expect(description(yaml)).toBe(expected);
  });

  it.each([
    ["on one line", "description: Use when: the user gives a PDF", "Use when: the user gives a PDF", 3],
    ["with a comment and an apostrophe", "description: it's a: b   # note", "it's a: b", 3],
    ["ending in a colon", "description: Use it for:", "Use it for:", 3],
    ["over continuation lines", "description: Use when: the user\n  gives a PDF\n\n  or a scan", "Use when: the user gives a PDF\nor a scan", 3],
    ["after other keys", "license: MIT\ndescription: a: b", "a: b", 4],
  ])("reads an unquoted value with a colon as text, with a warning: %s", (_, yaml, expected, line) => {
    const r = parsed(md(`name: n\n${yaml}`));
    expect(r.value.description).toBe(expected);
    expect(r.warnings).toEqual([`SKILL.md line ${line}: a value containing ": " was read as text; quote it for other YAML readers`]);
  });

  it("reads unquoted colons in nested values and list items too", () => {
    const r = parsed(md("name: n\ndescription: d\nmetadata:\n  note: x: y\nextension-points:\n  - palette: Colours: all of them"));
    expect(r.value.metadata).toEqual({ note: "x: y" });
    expect(r.value.extensionPoints).toEqual([{ name: "palette", description: "Colours: all of them" }]);
    expect(r.warnings).toHaveLength(2);
  });

  it("keeps numbers as the text written", () => {
    const r = parsed(md("name: 2048\ndescription: 1e3\nversion: 1.10\nlabels: [1.0, 007]"));
    expect(r.value).toMatchObject({ name: "2048", description: "1e3", version: "1.10", labels: ["1-0", "007"] });
  });

  it.each([
    ["extensible: true", true],
    ["extensible: false", false],
    ["extensible: True", true],
    ["extensible: 'true'", true],
    ['extensible: "false"', false],
    ["extensible: ~", undefined],
  ])("booleans: %s", (yaml, expected) => {
    expect(parsed(md(`name: n\ndescription: d\n${yaml}`)).value.extensible).toBe(expected);
  });

  it("accepts a description over 1,024 characters with a warning, up to 4,096", () => {
    const r = parsed(md(`name: n\ndescription: ${"d".repeat(1150)}`));
    expect(r.value.description).toHaveLength(1150);
    expect(r.warnings).toEqual(["frontmatter.description: 1150 characters; the Agent Skills format allows 1024, listings show a shortened description"]);
    expect(parsed(md(`name: n\ndescription: ${"d".repeat(4096)}`)).value.description).toHaveLength(4096);
    expect(parsed(md(`name: n\ndescription: ${"d".repeat(1024)}`)).warnings).toEqual([]);
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
    ["description over 4096 characters", md(`name: n\ndescription: ${"d".repeat(5000)}`), "frontmatter.description: must be at most 4096 characters"],
    ["boolean name", md("name: true\ndescription: d"), "frontmatter.name: must be a string"],
    ["bad version", md("name: n\ndescription: d\nversion: latest"), 'frontmatter.version: must be a version like "1.2.3"'],
    ["extensible not boolean", md("name: n\ndescription: d\nextensible: 'yes'"), "frontmatter.extensible: must be true or false"],
    ["extensible yes (text in YAML 1.2)", md("name: n\ndescription: d\nextensible: yes"), "frontmatter.extensible: must be true or false"],
    ["extensible a list", md("name: n\ndescription: d\nextensible: [true]"), "frontmatter.extensible: must be true or false"],
    ["nested list in labels", md("name: n\ndescription: d\nlabels: [a, [b]]"), "frontmatter.labels: must be a list of strings"],
    ["mapping items in allowed-tools", md("name: n\ndescription: d\nallowed-tools:\n  - {a: 1, b: 2}"), "frontmatter.allowed-tools: must be a list of strings"],
    ["nested extension point description", md("name: n\ndescription: d\nextension-points:\n  hooks: [a, b]"), 'frontmatter.extension-points: must be a list of "name: description" or a mapping'],
    ["tags as a mapping", md("name: n\ndescription: d\ntags:\n  a: b"), "frontmatter.tags: must be a list of strings"],
    ["nameless extension point", md("name: n\ndescription: d\nextension-points:\n  - ': no name'"), "frontmatter.extension-points: every entry needs a name"],
    ["metadata not a mapping", md("name: n\ndescription: d\nmetadata: text"), "frontmatter.metadata: must be a mapping of key: value lines"],
  ])("%s", (_, text, error) => {
    expect(parseSkillMd(text)).toEqual({ ok: false, error });
  });

  it.each([
    ["bad indentation in a list", "name: n\ndescription: d\nlabels:\n  - a\n - b", "SKILL.md line 6: A block sequence may not be used as an implicit map key"],
    ["indented top-level key", "name: n\n  description: d", "SKILL.md line 2: Nested mappings are not allowed in compact mappings"],
    ["bad indentation in a mapping", "name: n\nmetadata:\n    a: 1\n  b: 2", "SKILL.md line 5: All mapping items must start at the same column"],
    ["bad indentation in a block scalar", "name: n\ndescription: |\n    four\n  two", "SKILL.md line 5: All mapping items must start at the same column"],
    ["tab indentation", "name: n\nlabels:\n\t- a", "SKILL.md line 4: Tabs are not allowed as indentation"],
    ["not a key", "name: n\njust some text", "SKILL.md line 3: Implicit map keys need to be followed by map values"],
    ["duplicate key", "name: a\nname: b", 'SKILL.md line 3: duplicate key "name"'],
    ["duplicate key in a nested mapping", "name: n\nmetadata:\n  a: 1\n  b: 2\n  a: 3", 'SKILL.md line 6: duplicate key "a"'],
    ["duplicate key in a flow mapping", "name: n\nmetadata: {a: 1, b: 2, a: 3}", 'SKILL.md line 3: duplicate key "a"'],
    ["true and 'true' are the same key", "name: n\nmetadata:\n  true: 1\n  'true': 2", 'SKILL.md line 5: duplicate key "true"'],
    ["unterminated quote (named where the file ends)", 'name: "open\ndescription: d', 'SKILL.md line 3: Missing closing "quote'],
    ["unterminated inline list", "labels: [a, b", "SKILL.md line 2: Flow sequence in block collection must be sufficiently indented and end with a ]"],
    ["text after a quote", 'name: "a" b', "SKILL.md line 2: Unexpected scalar at node end"],
    ["bad escape", 'name: "a\\qb"', "SKILL.md line 2: Invalid escape sequence \\q"],
    ["alias without an anchor", "name: *anchor", 'SKILL.md line 2: alias *anchor has no &anchor anchor before it (quote the value if "*" is text)'],
    ["alias inside its own anchor", "name: n\nmetadata: &m\n  self: *m", "SKILL.md line 4: alias *m is inside the &m it refers to"],
    ["bad block header", "description: |x", "SKILL.md line 2: Block scalar header includes extra characters: |x"],
    ["frontmatter is a list", "- name: n\n- description: d", 'SKILL.md line 2: the frontmatter must be "key: value" lines, not a list'],
    ["frontmatter is one value", "\n# a comment\njust text", 'SKILL.md line 4: the frontmatter must be "key: value" lines, not a single value'],
    ["colon value continued after a comment", "description: a: b # note\n  more", "SKILL.md line 2: Nested mappings are not allowed in compact mappings"],
  ])("YAML error: %s", (_, yaml, error) => {
    expect(parseSkillMd(md(yaml))).toEqual({ ok: false, error });
  });

  it("refuses an alias bomb instead of expanding it", () => {
    const bomb = ["name: n", "description: d", "a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]"];
    expect(parseSkillMd(md(bomb.join("\n")))).toEqual({ ok: false, error: "SKILL.md frontmatter: aliases expand to more than 20 copies" });
  });

  it("refuses frontmatter over 32,768 characters without parsing it", () => {
    const long = md(`name: n\ndescription: d\nmetadata:\n  note: ${"x".repeat(FRONTMATTER_MAX_CHARS)}`);
    expect(parseSkillMd(long)).toEqual({ ok: false, error: "SKILL.md frontmatter is longer than 32,768 characters" });
  });

  it("rejects oversize input without parsing it", () => {
    const big = md("name: n\ndescription: d", "x".repeat(SKILL_MD_MAX_BYTES));
    expect(parseSkillMd(big)).toEqual({ ok: false, error: "SKILL.md is larger than 256 KiB" });
    const multibyte = md("name: n\ndescription: d", "é".repeat(SKILL_MD_MAX_BYTES / 2));
    expect(parseSkillMd(multibyte)).toEqual({ ok: false, error: "SKILL.md is larger than 256 KiB" });
  });

  it("never throws on arbitrary input", () => {
    const nasty = ["---\n---", "---\n:\n---", "---\n- a\n---", "---\nkey: [\"\\\n---", "---\na: |\n---", "---\na: '\n---", "---\n\u0000: x\n---"];
    nasty.push("---\na: &x [*x]\n---", "---\n? [a, b]\n: c\n---", "---\n!!binary x: y\n---", "---\na: b: c: d\n---", "---\n&a\n---", "---\n*a\n---", "---\n...\nb: 1\n---");
    for (const text of nasty) expect(() => parseSkillMd(text)).not.toThrow();
  });

  it("stays fast on pathological input", () => {
    const under = (frontmatter: string) => {
      expect(frontmatter.length).toBeLessThan(FRONTMATTER_MAX_CHARS); // so the YAML parser really runs
      return md(frontmatter);
    };
    const inputs = [
      md(`name: "${"\\\"".repeat(20_000)}`),
      md(`labels: [${"a,".repeat(40_000)}`), // over the cap: refused before parsing
      md(`description: >\n${"  x\n".repeat(40_000)}name: n`), // over the cap too
      under(`labels: [${"a,".repeat(10_000)}]`),
      under(Array.from({ length: 4_000 }, (_, k) => `k${k}:`).join("\n")), // duplicates are checked in one pass
      under(`m: {${"a,".repeat(10_000)}}`),
      under(`a: &a x\n${Array.from({ length: 3_000 }, (_, k) => `k${k}: *a`).join("\n")}`),
      under(Array.from({ length: 1_000 }, (_, k) => `k${k}: a: b`).join("\n")), // every line needs quoting
    ];
    const started = performance.now();
    for (const text of inputs) parseSkillMd(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });

});

describe("declared sizes are capped with a reason", () => {
  const md = (extra: string) => `---\nname: capped\ndescription: A skill used to check that declared sizes are capped with a clear reason.\n${extra}\n---\nBody.\n`;
  it("more than 20 labels: refused", () => {
    const r = parseSkillMd(md(`labels: [${Array.from({ length: 21 }, (_, k) => `l${k}`).join(", ")}]`));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/frontmatter\.labels: at most 20 labels/);
  });
  it("more than 50 extension points: refused (10,000 would render a megabyte page)", () => {
    const points = Array.from({ length: 51 }, (_, k) => `  - p${k}: point ${k}`).join("\n");
    const r = parseSkillMd(md(`extensible: true\nextension-points:\n${points}`));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/at most 50 extension points/);
  });
  it("50 extension points: accepted", () => {
    const points = Array.from({ length: 50 }, (_, k) => `  - p${k}: point ${k}`).join("\n");
    expect(parseSkillMd(md(`extensible: true\nextension-points:\n${points}`)).ok).toBe(true);
  });
});
