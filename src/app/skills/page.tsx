// GET /skills — the marketplace listing (same as /).
import { Marketplace, type SearchParams } from "@/components/marketplace";

export const dynamic = "force-dynamic";

export default async function SkillsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <Marketplace searchParams={await searchParams} basePath="/skills" />;
}
