import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Skill Marketplace",
  description: "Browse and search agent skills (SKILL.md packages) published from GitHub.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <a href="/" className="brand">Skill Marketplace</a>
          <span className="tagline">Agent skills from GitHub, scanned before they are listed</span>
          <a href="/submit" className="nav-submit">Submit a skill</a>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
