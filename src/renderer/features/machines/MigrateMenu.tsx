import type { VmInfo } from '../../../api/vmApi';
import { UI } from '../../../core/ui/uiLabels';
import { useStrata } from '../../store/store';
import { MenuButton } from './MenuButton';
import { migrationTargets } from './migrationTargets';

/** "Migrate to…": the nodes the VM can move to, read when it opens, so it follows the VM after each move. */
export function MigrateMenu({ vm, disabled }: { vm: VmInfo; disabled: boolean }) {
  const nodesSeen = useStrata((s) => s.nodesSeen);
  const migrateVm = useStrata((s) => s.migrateVm);
  return (
    <MenuButton
      label={UI.machines.migrateTo}
      title={`Live-migrate ${vm.id} from ${vm.node} to another node`}
      menuLabel={`Migrate ${vm.id} to`}
      disabled={disabled}
      note={
        <>
          {vm.id} runs on <strong>{vm.node}</strong>
        </>
      }
      items={migrationTargets(vm.node, nodesSeen).map((t) => ({
        key: t.node,
        label: (
          <>
            {t.node}
            {t.fresh && <span className="menu-hint"> (new)</span>}
          </>
        ),
        onSelect: () => void migrateVm(vm.id, t.node),
      }))}
    />
  );
}
