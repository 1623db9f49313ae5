import { useMemo, useState, useSyncExternalStore } from 'react';
import type { ExerciseOutcome } from '../../../../api/workspaceApi';
import type { ExerciseNeeds } from '../../../../core/exercise';
import type { CellRunners } from '../cellRunners';

export interface ExerciseVms {
  /** The vm cells the exercise's checks type into. */
  cells: string[];
  /** Those without a running VM right now. */
  down: string[];
  /** The last check found a VM down, and every VM is up now: that verdict no longer says anything. */
  upSinceCheck: boolean;
}

/**
 * The VMs an exercise waits for, followed live: the cell's status changes the moment a
 * vm cell's guest comes up or goes away, not at the next check or re-render.
 */
export function useExerciseVms(runners: CellRunners, needs: ExerciseNeeds | null, outcome: Pick<ExerciseOutcome, 'checkedAt'> | undefined): ExerciseVms {
  const cells = useMemo(() => needs?.vms ?? [], [needs]);
  const downKey = useSyncExternalStore(runners.subscribeVms, () => cells.filter((id) => !runners.hasVm(id)).join(' '));
  const down = useMemo(() => (downKey ? downKey.split(' ') : []), [downKey]);
  // Whether a VM was down when the shown verdict was made: noted as each new verdict (or the
  // one loaded with the lesson) is first seen, since the verdict itself cannot say why a
  // predicate was unavailable (no VM, or no answer yet).
  const checkedAt = outcome?.checkedAt;
  const [atCheck, setAtCheck] = useState({ checkedAt, down: down.length > 0 });
  if (atCheck.checkedAt !== checkedAt) setAtCheck({ checkedAt, down: down.length > 0 });
  const checkedWhileDown = checkedAt !== undefined && atCheck.checkedAt === checkedAt && atCheck.down;
  return { cells, down, upSinceCheck: cells.length > 0 && down.length === 0 && checkedWhileDown };
}

/** The cell's status pill while it waits for a VM, or once the VM it waited for is up; undefined when VMs say nothing new. */
export function exerciseVmStatus(vms: ExerciseVms, checked: boolean): { tone: 'ok' | 'idle'; text: string } | undefined {
  if (vms.cells.length === 0) return undefined;
  if (vms.upSinceCheck) return { tone: 'idle', text: 'VM running — check again' };
  if (checked) return undefined;
  return vms.down.length > 0 ? { tone: 'idle', text: `waiting for VM ${vms.down.join(', ')}` } : { tone: 'ok', text: 'VM running — press Check' };
}

/** One line per VM the exercise types into: where it is, and whether it runs. */
export function ExerciseVmNote({ vms }: { vms: ExerciseVms }) {
  if (vms.cells.length === 0) return null;
  return (
    <ul className="exercise-vms" aria-label="VMs this exercise checks">
      {vms.cells.map((id) => {
        const up = !vms.down.includes(id);
        return (
          <li key={id} className={up ? 'up' : 'down'}>
            Checks the VM of cell <a href={`#cell-${id}`}>{id}</a>: {up ? 'running.' : 'not running — boot it there first.'}
          </li>
        );
      })}
    </ul>
  );
}
