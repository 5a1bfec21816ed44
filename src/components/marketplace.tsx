// The marketplace listing: a plain GET form (works without client JavaScript), the total,
// the current filters, and pagination links that keep them.
import { getSkillCategories, getSkills } from "@/lib/data";
import { formatZodError } from "@/lib/http/errors";
import { parseSkillQuery, SORT_FIELDS, type SkillQuery } from "@/lib/catalog/listing-query";
import { CERT_TIERS } from "@/lib/catalog/skill";
import { ZodError } from "zod";
import { SkillCard } from "./skill-card";
import { markDegraded } from "@/lib/platform/worker-context";

export type SearchParams = Record<string, string | string[] | undefined>;

const SORT_LABELS: Record<(typeof SORT_FIELDS)[number], string> = {
  relevance: "Relevance",
  trending: "Trending",
  newest: "Newest",
  name: "Name",
  certScore: "Cert score",
  stars: "GitHub stars",
};

export async function Marketplace({ searchParams, basePath }: { searchParams: SearchParams; basePath: string }) {
  let query: SkillQuery;
  let problem: string | null = null;
  try {
    query = parseSkillQuery(searchParams);
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    problem = formatZodError(err);
    query = parseSkillQuery({});
  }
  const [listing, categories] = await Promise.all([getSkills(query), getSkillCategories()]);
  if (listing.source !== "prisma") markDegraded(`listing served from ${listing.source}`); // kept out of shared caches
  const lastPage = Math.max(1, Math.ceil(listing.total / listing.limit));
  const link = (page: number) => `${basePath}?${toParams({ ...query, page }).toString()}`;
  const first = listing.total === 0 ? 0 : (listing.page - 1) * listing.limit + 1;
  const last = Math.min(listing.total, listing.page * listing.limit);

  return (
    <>
      <form className="filters" method="get" action={basePath} role="search">
        <label>
          Search
          <input type="search" name="search" defaultValue={query.search ?? ""} placeholder="pdf, testing, design…" />
        </label>
        <label>
          Category
          <select name="category" defaultValue={query.category ?? ""}>
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c.category} value={c.category}>{`${c.category} (${c.count})`}</option>
            ))}
          </select>
        </label>
        <label>
          Tier
          <select name="certTier" defaultValue={query.certTier ?? ""}>
            <option value="">All tiers</option>
            {CERT_TIERS.map((t) => (
              <option key={t} value={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Sort
          <select name="sortBy" defaultValue={query.sortBy}>
            {SORT_FIELDS.map((f) => (
              <option key={f} value={f}>{SORT_LABELS[f]}</option>
            ))}
          </select>
        </label>
        <label>
          Order
          <select name="sortDir" defaultValue={query.sortDir}>
            <option value="desc">Descending</option>
            <option value="asc">Ascending</option>
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      {problem && <p className="empty" role="alert">Some filters were invalid and were ignored: {problem}</p>}
      <p className="summary" data-testid="summary">
        <strong data-testid="total">{listing.total}</strong> {listing.total === 1 ? "skill" : "skills"}
        {describeFilters(query)}
        {listing.total > 0 && ` — showing ${first}–${last}`}
      </p>
      {listing.correctedSearch && (
        <p className="corrected" data-testid="corrected">
          Nothing matched “{query.search}”; showing results for “{listing.correctedSearch}”.
        </p>
      )}
      {listing.skills.length === 0 ? (
        <p className="empty">No skills match these filters.</p>
      ) : (
        <ul className="skill-grid" data-testid="skill-list">
          {listing.skills.map((s) => (
            <SkillCard key={s.name} skill={s} />
          ))}
        </ul>
      )}
      <nav className="pagination" aria-label="Pagination">
        {listing.page > 1 ? <a href={link(listing.page - 1)} rel="prev">← Previous</a> : <span />}
        <span>
          Page {listing.page} of {lastPage}
        </span>
        {listing.page < lastPage ? <a href={link(listing.page + 1)} rel="next">Next →</a> : <span />}
      </nav>
    </>
  );
}

function describeFilters(q: SkillQuery): string {
  const parts: string[] = [];
  if (q.search) parts.push(`matching “${q.search}”`);
  if (q.category) parts.push(`in ${q.category}`);
  if (q.certTier) parts.push(`tier ${q.certTier}`);
  if (q.author) parts.push(`by ${q.author}`);
  if (q.extensible !== undefined) parts.push(q.extensible ? "extensible" : "not extensible");
  return parts.length ? ` ${parts.join(", ")}` : "";
}

function toParams(q: SkillQuery): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "") p.set(k, String(v));
  return p;
}
