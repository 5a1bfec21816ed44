// Everything under /admin: the dashboard's own styles, kept out of search engines. Each page
// checks the session itself (require-session.ts): a layout does not guard the page it wraps.
import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./admin.css";

export const metadata: Metadata = {
  title: "Operators' dashboard · Skill Marketplace",
  robots: { index: false, follow: false },
};

export default function AdminLayout({ children }: { children: ReactNode }) {
  return <div className="admin">{children}</div>;
}
