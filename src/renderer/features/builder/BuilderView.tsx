/** The layer builder. */
export function BuilderView() {
  return (
    <div className="empty-state">
      <h2>Layer builder</h2>
      <p>Drag layers from the palette to build a stack, then run it in the simulator.</p>
    </div>
  );
}
