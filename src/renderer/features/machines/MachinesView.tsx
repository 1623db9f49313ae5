/** Real QEMU machines and their terminals. */
export function MachinesView() {
  return (
    <div className="empty-state">
      <h2>Machines</h2>
      <p>Boot QEMU virtual machines, type in their consoles, pause, snapshot and migrate them.</p>
    </div>
  );
}
