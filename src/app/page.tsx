// GET / — the marketplace listing.
import { Marketplace, type SearchParams } from "@/components/marketplace";

export const dynamic = "force-dynamic";

export default async function HomePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <Marketplace searchParams={await searchParams} basePath="/" />;
}
