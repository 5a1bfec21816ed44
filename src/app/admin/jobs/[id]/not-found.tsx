export default function UnknownJob() {
  return (
    <div className="empty" data-testid="unknown-job">
      <h1>Unknown job</h1>
      <p>No admin job has this id (it may have expired). <a href="/admin">Back to the dashboard</a>.</p>
    </div>
  );
}
