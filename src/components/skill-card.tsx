import type { Skill } from "@/lib/catalog/skill";
import { repoLabel } from "@/lib/catalog/slug";

export function SkillCard({ skill }: { skill: Skill }) {
  return (
    <li className="skill-card" data-testid="skill-card" data-skill={skill.name}>
      <h2>
        <a href={`/skills/${encodeURIComponent(skill.name)}`}>{skill.displayName}</a>
      </h2>
      <p>{skill.description}</p>
      <div className="meta">
        <span className={`tier tier-${skill.certTier}`}>{skill.certTier}</span>
        <span>{skill.category}</span>
        {/* owner/repo always beside the name: a look-alike name cannot pass for another owner's skill */}
        <span className="repo" data-testid="skill-repo">{repoLabel(skill.repoUrl)}</span>
        <span>★ {skill.githubStars.toLocaleString("en-US")}</span>
      </div>
    </li>
  );
}
