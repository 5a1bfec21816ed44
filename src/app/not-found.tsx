export default function NotFound() {
  return (
    <div className="empty">
      <h1>Skill not found</h1>
      <p>There is no skill at this address. <a href="/skills">Browse all skills</a>.</p>
    </div>
  );
}
